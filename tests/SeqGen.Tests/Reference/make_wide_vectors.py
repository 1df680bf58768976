#!/usr/bin/env python3
"""Reference vectors for widths that take the fused single-precision kernels (H a multiple of 8:
the gate pass over row blocks or column groups, the vector cell loops and the vector LSTM cell
backward). Same helpers and JSON layout as make_vectors.py; PyTorch's nn.LSTM / nn.GRU in float64.

Run (not in CI): /usr/bin/python3 make_wide_vectors.py Vectors
(the existing vectors come out the same: each is seeded on its own)
"""
import json, os, sys
from make_vectors import C, gen_case

WIDE = [
    # 64 gate rows: one eight-vector row block; two cell blocks; layer 1 reads 16 inputs
    ("lstm_h16_stacked2_many_to_many", C("lstm", 3, 16, 6, 2, "many_to_many", "mse", layers=2), 31),
    # 160 gate rows: the column groups; five cell blocks
    ("lstm_h40_many_to_one", C("lstm", 2, 40, 5, 2, "many_to_one", "mse"), 32),
    # reset-after GRU of H = 8 in both directions: single-vector row passes
    ("gru_h8_bidirectional_many_to_one_ce", C("gru", 3, 8, 6, 3, "many_to_one", "ce", bidirectional=True), 33),
    # a unidirectional GRU stack (fifth session): 48 gate rows, which the lockstep batch kernels pack
    ("gru_h16_stacked2_many_to_many", C("gru", 4, 16, 6, 2, "many_to_many", "mse", layers=2), 34),
]

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, cfg, seed in WIDE:
        case = gen_case(name, cfg, seed)
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(case, f, indent=1)
        print(name, "loss", case["expected"]["loss"])
