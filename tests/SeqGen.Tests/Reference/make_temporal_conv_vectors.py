#!/usr/bin/env python3
"""Reference vectors for [TemporalConv] layers (dilated causal temporal convolution, WaveNet-style),
in the layout of make_vectors.py (same helpers, same JSON). A TemporalConv layer k is, as PyTorch
modules (TemporalConv below): input = Conv1d(in, C, 1); per dilation d (block j)
z = Conv1d(C, 2C, k, dilation=d) on x left-padded with (k-1)*d zeros, u = tanh(z[:C]) * sigmoid(z[C:]),
x = x + Conv1d(C, C, 1)(u). Its state_dict names are conv_l{k}.input.weight [C, in, 1],
conv_l{k}.blocks.{j}.dilated.weight [2C, C, k], conv_l{k}.blocks.{j}.residual.weight [C, C, 1] and
their biases. A recurrent layer above it is layer k+1 of the stack: rnn.weight_ih_l{k+1} ...
(an nn.LSTM of one layer, renamed). Initial states are zero.

Run (not in CI): /usr/bin/python3 make_temporal_conv_vectors.py Vectors
"""
import json, os, sys
import torch
import torch.nn as nn
import torch.nn.functional as F
from make_vectors import flat, tensor_entry, loss_fn

torch.set_default_dtype(torch.float64)


class Block(nn.Module):
    def __init__(self, channels, kernel, dilation):
        super().__init__()
        self.pad = (kernel - 1) * dilation
        self.dilated = nn.Conv1d(channels, 2 * channels, kernel, dilation=dilation)
        self.residual = nn.Conv1d(channels, channels, 1)

    def forward(self, x):  # x: [batch, C, T]
        z = self.dilated(F.pad(x, (self.pad, 0)))
        c = x.shape[1]
        u = torch.tanh(z[:, :c]) * torch.sigmoid(z[:, c:])
        return x + self.residual(u)


class TemporalConv(nn.Module):
    def __init__(self, inputs, channels, kernel, dilations):
        super().__init__()
        self.input = nn.Conv1d(inputs, channels, 1)
        self.blocks = nn.ModuleList([Block(channels, kernel, d) for d in dilations])

    def forward(self, x):  # x: [batch, T, in] -> [batch, T, C]
        x = self.input(x.transpose(1, 2))
        for block in self.blocks:
            x = block(x)
        return x.transpose(1, 2)


class Stack(nn.Module):
    """Layers in order: ("conv", C, k, dilations) or ("lstm", H); then a linear head."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        width = cfg["input_size"]
        self.kinds = []
        for k, layer in enumerate(cfg["layers"]):
            if layer[0] == "conv":
                self.add_module(f"conv_l{k}", TemporalConv(width, layer[1], layer[2], layer[3]))
                width = layer[1]
            else:
                self.add_module(f"lstm_l{k}", nn.LSTM(width, layer[1], batch_first=True))
                width = layer[1]
            self.kinds.append(layer[0])
        self.head = nn.Linear(width, cfg["output_size"])

    def forward(self, x):
        for k, kind in enumerate(self.kinds):
            if kind == "conv":
                x = getattr(self, f"conv_l{k}")(x)
            else:
                x, _ = getattr(self, f"lstm_l{k}")(x)
        feat = x[0, -1:] if self.cfg["topology"] == "many_to_one" else x[0]
        return self.head(feat)


def seqgen_name(name):
    """lstm_l{k}.weight_ih_l0 -> rnn.weight_ih_l{k} (SeqGen numbers recurrent tensors by stack layer)."""
    if name.startswith("lstm_l"):
        k, rest = name[len("lstm_l"):].split(".", 1)
        return "rnn." + rest[:-len("_l0")] + f"_l{k}"
    return name


def gen_case(name, cfg, seed):
    torch.manual_seed(seed)
    model = Stack(cfg)
    for p in model.parameters():
        with torch.no_grad():
            p.uniform_(-0.6, 0.6)
    T, I, O = cfg["steps"], cfg["input_size"], cfg["output_size"]
    x = torch.randn(1, T, I)
    x.requires_grad_(True)
    T_out = 1 if cfg["topology"] == "many_to_one" else T
    targets = torch.randn(T_out, O) if cfg["loss"] == "mse" else torch.randint(0, O, (T_out,))
    y = model(x)
    loss = loss_fn(cfg["loss"], y, targets)
    loss.backward()
    named = [(seqgen_name(n), p) for n, p in model.named_parameters()]
    return {
        "name": name,
        "generated_by": f"torch {torch.__version__}, float64, seed {seed}",
        "config": cfg,
        "params": {n: tensor_entry(p) for n, p in named},
        "inputs": {
            "x": [flat(r) for r in x[0]],
            "targets": [flat(r) for r in targets] if cfg["loss"] == "mse" else [int(v) for v in targets],
        },
        "expected": {
            "outputs": [flat(r) for r in y],
            "loss": float(loss),
            "grads": {n: flat(p.grad) for n, p in named},
            "grad_x": [flat(r) for r in x.grad[0]],
        },
    }


CASES = [
    # [TemporalConv(Channels = 3, Kernel = 2, Dilations = { 1, 2 })] then [Lstm(4)], ManyToMany, MSE
    ("temporal_conv_lstm_many_to_many", dict(input_size=2, steps=7, output_size=2, topology="many_to_many", loss="mse",
                                             layers=[["conv", 3, 2, [1, 2]], ["lstm", 4]]), 31),
    # [TemporalConv(Channels = 4, Kernel = 3, Dilations = { 1, 2, 4 })] alone, ManyToOne, cross-entropy over 3 classes
    ("temporal_conv_many_to_one_ce", dict(input_size=3, steps=9, output_size=3, topology="many_to_one", loss="ce",
                                          layers=[["conv", 4, 3, [1, 2, 4]]]), 32),
]

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, cfg, seed in CASES:
        case = gen_case(name, cfg, seed)
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(case, f, indent=1)
        print(name, "loss", case["expected"]["loss"])
