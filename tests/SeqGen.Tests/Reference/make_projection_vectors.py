#!/usr/bin/env python3
"""Reference vectors for LSTMs with a projection (PyTorch's proj_size), in the layout of
make_vectors.py (same helpers, same JSON). With proj_size P < H: h_t = W_hr (o * tanh(c_t)) has
P values; weight_hh is [4H, P]; weight_hr_l{k} [P, H] follows the biases in the state_dict; h0 and
h_n are [layers*dirs][P], c0 and c_n [layers*dirs][H]; the head reads dirs*P features.

Run (not in CI): /usr/bin/python3 make_projection_vectors.py Vectors
"""
import json, os, sys
import torch
import torch.nn as nn
from make_vectors import flat, tensor_entry, loss_fn

torch.set_default_dtype(torch.float64)


class ProjectedSeqModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.rnn = nn.LSTM(cfg["input_size"], cfg["hidden_size"], num_layers=cfg["layers"],
                           bidirectional=cfg["bidirectional"], batch_first=True, proj_size=cfg["proj_size"])
        dirs = 2 if cfg["bidirectional"] else 1
        self.head = nn.Linear(dirs * cfg["proj_size"], cfg["output_size"])

    def forward(self, x, state):
        out, (hn, cn) = self.rnn(x, state)
        if self.cfg["topology"] == "many_to_one":
            feat = (torch.cat([hn[-2, 0], hn[-1, 0]]) if self.cfg["bidirectional"] else hn[-1, 0]).unsqueeze(0)
        else:
            feat = out[0]
        return self.head(feat), hn, cn


def gen_case(name, cfg, seed):
    torch.manual_seed(seed)
    model = ProjectedSeqModel(cfg)
    for p in model.parameters():
        with torch.no_grad():
            p.uniform_(-0.8, 0.8)
    I, H, P, L = cfg["input_size"], cfg["hidden_size"], cfg["proj_size"], cfg["layers"]
    dirs = 2 if cfg["bidirectional"] else 1
    T, O = cfg["steps"], cfg["output_size"]
    x = torch.randn(1, T, I)
    h0 = torch.randn(L * dirs, 1, P) * 0.5
    c0 = torch.randn(L * dirs, 1, H) * 0.5
    x.requires_grad_(True); h0.requires_grad_(True); c0.requires_grad_(True)
    T_out = 1 if cfg["topology"] == "many_to_one" else T
    targets = torch.randn(T_out, O) if cfg["loss"] == "mse" else torch.randint(0, O, (T_out,))
    y, hn, cn = model(x, (h0, c0))
    loss = loss_fn(cfg["loss"], y, targets)
    loss.backward()
    return {
        "name": name,
        "generated_by": f"torch {torch.__version__}, float64, seed {seed}",
        "config": cfg,
        "params": {n: tensor_entry(p) for n, p in model.named_parameters()},
        "inputs": {
            "x": [flat(r) for r in x[0]],
            "h0": [flat(r) for r in h0.reshape(-1, P)],
            "c0": [flat(r) for r in c0.reshape(-1, H)],
            "targets": [flat(r) for r in targets] if cfg["loss"] == "mse" else [int(v) for v in targets],
        },
        "expected": {
            "outputs": [flat(r) for r in y],
            "h_n": [flat(r) for r in hn.reshape(-1, P)],
            "c_n": [flat(r) for r in cn.reshape(-1, H)],
            "loss": float(loss),
            "grads": {n: flat(p.grad) for n, p in model.named_parameters()},
            "grad_x": [flat(r) for r in x.grad[0]],
            "grad_h0": [flat(r) for r in h0.grad.reshape(-1, P)],
            "grad_c0": [flat(r) for r in c0.grad.reshape(-1, H)],
        },
    }


def C(I, H, P, T, O, topology, loss, layers=1, bidirectional=False):
    return dict(cell="lstm", input_size=I, hidden_size=H, proj_size=P, layers=layers, bidirectional=bidirectional,
                steps=T, output_size=O, topology=topology, loss=loss, initial_state=True)


CASES = [
    ("lstm_projection_stacked_bidirectional_many_to_many", C(3, 5, 3, 4, 2, "many_to_many", "mse", layers=2, bidirectional=True), 21),
    ("lstm_projection_many_to_one_ce", C(2, 6, 2, 5, 3, "many_to_one", "ce"), 22),
]

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, cfg, seed in CASES:
        case = gen_case(name, cfg, seed)
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(case, f, indent=1)
        print(name, "loss", case["expected"]["loss"])
