#!/usr/bin/env python3
"""Reference vectors for layer-normalized recurrent layers, in the layout of make_vectors.py (same
helpers, same JSON).

LSTM: the cell is PyTorch's own reference, LayerNormLSTMCell of benchmarks/fastrnns/custom_lstms.py
(copied below without the TorchScript decorators):
    igates = LN_i(W_ih x), hgates = LN_h(W_hh h)   (nn.LayerNorm(4H), eps 1e-5, no product biases)
    i, f, g, o = (igates + hgates).chunk(4)
    c' = LN_c(sigmoid(f) * c + sigmoid(i) * tanh(g))   (nn.LayerNorm(H); the normalized c' is carried)
    h' = sigmoid(o) * tanh(c')
GRU (no PyTorch module; a hand-written cell, reset-after as nn.GRU):
    a = LN_i(W_ih x), b = LN_h(W_hh h)   (nn.LayerNorm(3H) each)
    r = sigmoid(a_r + b_r), z = sigmoid(a_z + b_z), n = tanh(a_n + r * b_n), h' = (1 - z) * n + z * h
Stacking and directions as nn.LSTM / nn.GRU: layer k > 0 reads [forward ; reverse] of layer k-1, the
reverse direction runs from the last step to the first, h_n is [layer0 fwd, layer0 rev, layer1 fwd, ...].

State-dict names (SeqGen's): rnn.weight_ih_l{k}[_reverse], rnn.weight_hh_l{k}[_reverse], then
rnn.layernorm_ih_l{k}[_reverse].weight/.bias, rnn.layernorm_hh_l{k}[_reverse].weight/.bias and, for
LSTM, rnn.layernorm_c_l{k}[_reverse].weight/.bias; then head.weight, head.bias.

Run (not in CI): /usr/bin/python3 make_layernorm_vectors.py Vectors
"""
import json, os, sys
import torch
import torch.nn as nn
from make_vectors import flat, tensor_entry, loss_fn

torch.set_default_dtype(torch.float64)


class LayerNormLSTMCell(nn.Module):
    """benchmarks/fastrnns/custom_lstms.py, LayerNormLSTMCell (decompose_layernorm=False)."""

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.weight_ih = nn.Parameter(torch.randn(4 * hidden_size, input_size))
        self.weight_hh = nn.Parameter(torch.randn(4 * hidden_size, hidden_size))
        # The layernorms provide learnable biases
        self.layernorm_i = nn.LayerNorm(4 * hidden_size)
        self.layernorm_h = nn.LayerNorm(4 * hidden_size)
        self.layernorm_c = nn.LayerNorm(hidden_size)

    def forward(self, input, state):
        hx, cx = state
        igates = self.layernorm_i(torch.mm(input, self.weight_ih.t()))
        hgates = self.layernorm_h(torch.mm(hx, self.weight_hh.t()))
        gates = igates + hgates
        ingate, forgetgate, cellgate, outgate = gates.chunk(4, 1)
        ingate = torch.sigmoid(ingate)
        forgetgate = torch.sigmoid(forgetgate)
        cellgate = torch.tanh(cellgate)
        outgate = torch.sigmoid(outgate)
        cy = self.layernorm_c((forgetgate * cx) + (ingate * cellgate))
        hy = outgate * torch.tanh(cy)
        return hy, (hy, cy)


class LayerNormGRUCell(nn.Module):
    """Hand-written: nn.GRU's reset-after cell with LN over each product in place of its biases."""

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.weight_ih = nn.Parameter(torch.randn(3 * hidden_size, input_size))
        self.weight_hh = nn.Parameter(torch.randn(3 * hidden_size, hidden_size))
        self.layernorm_i = nn.LayerNorm(3 * hidden_size)
        self.layernorm_h = nn.LayerNorm(3 * hidden_size)

    def forward(self, input, state):
        hx = state[0]
        a = self.layernorm_i(torch.mm(input, self.weight_ih.t()))
        b = self.layernorm_h(torch.mm(hx, self.weight_hh.t()))
        a_r, a_z, a_n = a.chunk(3, 1)
        b_r, b_z, b_n = b.chunk(3, 1)
        r = torch.sigmoid(a_r + b_r)
        z = torch.sigmoid(a_z + b_z)
        n = torch.tanh(a_n + r * b_n)
        hy = (1 - z) * n + z * hx
        return hy, (hy,)


class LayerNormStack(nn.Module):
    def __init__(self, cell, input_size, hidden_size, layers, bidirectional):
        super().__init__()
        self.dirs = 2 if bidirectional else 1
        self.cells = nn.ModuleList()
        self.names = []
        width = input_size
        for k in range(layers):
            for d in range(self.dirs):
                self.cells.append(cell(width, hidden_size))
                self.names.append(f"_l{k}" + ("_reverse" if d == 1 else ""))
            width = self.dirs * hidden_size

    def forward(self, x, h0, c0):
        # x: [T, I]; h0, c0: [layers*dirs, H] (c0 None for GRU)
        seq = x
        hn, cn = [], []
        for k in range(len(self.cells) // self.dirs):
            outs = []
            for d in range(self.dirs):
                index = k * self.dirs + d
                cell = self.cells[index]
                state = (h0[index:index + 1],) if c0 is None else (h0[index:index + 1], c0[index:index + 1])
                steps = range(seq.shape[0]) if d == 0 else reversed(range(seq.shape[0]))
                out = [None] * seq.shape[0]
                for t in steps:
                    h, state = cell(seq[t:t + 1], state)
                    out[t] = h[0]
                outs.append(torch.stack(out))
                hn.append(state[0][0])
                if c0 is not None:
                    cn.append(state[1][0])
            seq = torch.cat(outs, dim=1)
        return seq, torch.stack(hn), (torch.stack(cn) if c0 is not None else None)

    def state_dict_names(self):
        names = {}
        for cell, suffix in zip(self.cells, self.names):
            names[f"rnn.weight_ih{suffix}"] = cell.weight_ih
            names[f"rnn.weight_hh{suffix}"] = cell.weight_hh
            names[f"rnn.layernorm_ih{suffix}.weight"] = cell.layernorm_i.weight
            names[f"rnn.layernorm_ih{suffix}.bias"] = cell.layernorm_i.bias
            names[f"rnn.layernorm_hh{suffix}.weight"] = cell.layernorm_h.weight
            names[f"rnn.layernorm_hh{suffix}.bias"] = cell.layernorm_h.bias
            if hasattr(cell, "layernorm_c"):
                names[f"rnn.layernorm_c{suffix}.weight"] = cell.layernorm_c.weight
                names[f"rnn.layernorm_c{suffix}.bias"] = cell.layernorm_c.bias
        return names


def gen_case(name, cfg, seed):
    torch.manual_seed(seed)
    lstm = cfg["cell"] == "lstm"
    I, H, L = cfg["input_size"], cfg["hidden_size"], cfg["layers"]
    dirs = 2 if cfg["bidirectional"] else 1
    T, O = cfg["steps"], cfg["output_size"]
    stack = LayerNormStack(LayerNormLSTMCell if lstm else LayerNormGRUCell, I, H, L, cfg["bidirectional"])
    head = nn.Linear(dirs * H, O)
    named = stack.state_dict_names()
    named["head.weight"] = head.weight
    named["head.bias"] = head.bias
    for p in named.values():
        with torch.no_grad():
            p.uniform_(-0.8, 0.8)
    x = torch.randn(T, I)
    h0 = torch.randn(L * dirs, H) * 0.5
    c0 = torch.randn(L * dirs, H) * 0.5 if lstm else None
    x.requires_grad_(True); h0.requires_grad_(True)
    if lstm:
        c0.requires_grad_(True)
    T_out = 1 if cfg["topology"] == "many_to_one" else T
    targets = torch.randn(T_out, O) if cfg["loss"] == "mse" else torch.randint(0, O, (T_out,))
    out, hn, cn = stack(x, h0, c0)
    if cfg["topology"] == "many_to_one":
        feat = (torch.cat([hn[-2], hn[-1]]) if dirs == 2 else hn[-1]).unsqueeze(0)
    else:
        feat = out
    y = head(feat)
    loss = loss_fn(cfg["loss"], y, targets)
    loss.backward()
    expected = {
        "outputs": [flat(r) for r in y],
        "h_n": [flat(r) for r in hn],
        "loss": float(loss),
        "grads": {n: flat(p.grad) for n, p in named.items()},
        "grad_x": [flat(r) for r in x.grad],
        "grad_h0": [flat(r) for r in h0.grad],
    }
    inputs = {
        "x": [flat(r) for r in x],
        "h0": [flat(r) for r in h0],
        "targets": [flat(r) for r in targets] if cfg["loss"] == "mse" else [int(v) for v in targets],
    }
    if lstm:
        expected["c_n"] = [flat(r) for r in cn]
        expected["grad_c0"] = [flat(r) for r in c0.grad]
        inputs["c0"] = [flat(r) for r in c0]
    return {
        "name": name,
        "generated_by": f"torch {torch.__version__}, float64, seed {seed}; make_layernorm_vectors.py",
        "config": cfg,
        "params": {n: tensor_entry(p) for n, p in named.items()},
        "inputs": inputs,
        "expected": expected,
    }


def C(cell, I, H, T, O, topology, loss, layers=1, bidirectional=False):
    return dict(cell=cell, layer_norm=True, input_size=I, hidden_size=H, layers=layers, bidirectional=bidirectional,
                steps=T, output_size=O, topology=topology, loss=loss, initial_state=True)


CASES = [
    ("lstm_layernorm_stacked_bidirectional_many_to_many", C("lstm", 3, 4, 5, 2, "many_to_many", "mse", layers=2, bidirectional=True), 31),
    ("lstm_layernorm_many_to_one_ce", C("lstm", 2, 5, 6, 3, "many_to_one", "ce"), 32),
    ("gru_layernorm_stacked_bidirectional_many_to_one_ce", C("gru", 3, 4, 5, 3, "many_to_one", "ce", layers=2, bidirectional=True), 33),
]

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, cfg, seed in CASES:
        case = gen_case(name, cfg, seed)
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(case, f, indent=1)
        print(name, "loss", case["expected"]["loss"])
