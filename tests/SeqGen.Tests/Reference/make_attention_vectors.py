#!/usr/bin/env python3
"""Reference vectors for the [SelfAttention] and [TransformerBlock] layers of a stack, in the layout
of make_vectors.py (same helpers, same JSON). Layer k of the stack is `layers.{k}` (a module whose
attention is `self_attn`, as nn.TransformerEncoderLayer names it); recurrent layers below it are
`rnn`. Batch 1, batch_first, float64, dropout 0; a causal layer gets PyTorch's square subsequent
mask; a ManyToOne head reads the top layer's output at the last step. The positional encoding is
the sinusoidal one of "Attention Is All You Need", written here as in PyTorch's transformer tutorial.

Run (not in CI): /usr/bin/python3 make_attention_vectors.py Vectors
"""
import json, math, os, sys
import torch
import torch.nn as nn
from make_vectors import flat, tensor_entry, loss_fn

torch.set_default_dtype(torch.float64)


def positional_encoding(steps, width):
    position = torch.arange(steps).unsqueeze(1).double()
    div_term = torch.exp(torch.arange(0, width, 2).double() * (-math.log(10000.0) / width))
    pe = torch.zeros(steps, width)
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term)[:, : width // 2]
    return pe


class SelfAttentionLayer(nn.Module):
    """nn.MultiheadAttention used as self-attention: query = key = value = x."""

    def __init__(self, width, heads, causal, pe):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.causal, self.pe = causal, pe

    def forward(self, x):
        if self.pe:
            x = x + positional_encoding(x.shape[1], x.shape[2])
        mask = nn.Transformer.generate_square_subsequent_mask(x.shape[1]) if self.causal else None
        return self.self_attn(x, x, x, attn_mask=mask, need_weights=False)[0]


class BlockLayer(nn.Module):
    """nn.TransformerEncoderLayer; its state_dict names (self_attn.*, linear1.*, ...) under layers.{k}."""

    def __init__(self, width, heads, ff, causal, norm_first, pe):
        super().__init__()
        self.block = nn.TransformerEncoderLayer(width, heads, dim_feedforward=ff, dropout=0.0, activation="relu",
                                                batch_first=True, norm_first=norm_first)
        self.causal, self.pe = causal, pe

    def forward(self, x):
        if self.pe:
            x = x + positional_encoding(x.shape[1], x.shape[2])
        mask = nn.Transformer.generate_square_subsequent_mask(x.shape[1]) if self.causal else None
        return self.block(x, src_mask=mask)


class Stack(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        width = cfg["input_size"]
        if cfg.get("lstm"):
            self.rnn = nn.LSTM(width, cfg["lstm"], batch_first=True)
            width = cfg["lstm"]
        layers = [nn.Identity()] if cfg.get("lstm") else []
        a = cfg["attention"]
        if a["kind"] == "self_attention":
            layers.append(SelfAttentionLayer(width, a["heads"], a["causal"], a["pe"]))
        else:
            layers.append(BlockLayer(width, a["heads"], a["ff"], a["causal"], a["norm_first"], a["pe"]))
        self.layers = nn.ModuleList(layers)
        self.head = nn.Linear(width, cfg["output_size"])

    def forward(self, x, state):
        hn = cn = None
        if self.cfg.get("lstm"):
            x, (hn, cn) = self.rnn(x, state)
        for layer in self.layers:
            x = layer(x)
        feat = x[0, -1:] if self.cfg["topology"] == "many_to_one" else x[0]
        return self.head(feat), hn, cn


def names(model):
    # BlockLayer's inner module is `block`; the SeqGen names are the TransformerEncoderLayer's own
    return {n.replace(".block.", "."): p for n, p in model.named_parameters()}


def gen_case(name, cfg, seed):
    torch.manual_seed(seed)
    model = Stack(cfg)
    for p in model.parameters():
        with torch.no_grad():
            p.uniform_(-0.6, 0.6)
    I, T, O = cfg["input_size"], cfg["steps"], cfg["output_size"]
    x = torch.randn(1, T, I)
    x.requires_grad_(True)
    state = None
    if cfg.get("lstm"):
        H = cfg["lstm"]
        h0 = (torch.randn(1, 1, H) * 0.5).requires_grad_(True)
        c0 = (torch.randn(1, 1, H) * 0.5).requires_grad_(True)
        state = (h0, c0)
    T_out = 1 if cfg["topology"] == "many_to_one" else T
    targets = torch.randn(T_out, O) if cfg["loss"] == "mse" else torch.randint(0, O, (T_out,))
    y, hn, cn = model(x, state)
    loss = loss_fn(cfg["loss"], y, targets)
    loss.backward()
    params = names(model)
    case = {
        "name": name,
        "generated_by": f"torch {torch.__version__}, float64, seed {seed}",
        "config": cfg,
        "params": {n: tensor_entry(p) for n, p in params.items()},
        "inputs": {
            "x": [flat(r) for r in x[0]],
            "targets": [flat(r) for r in targets] if cfg["loss"] == "mse" else [int(v) for v in targets],
        },
        "expected": {
            "outputs": [flat(r) for r in y],
            "loss": float(loss),
            "grads": {n: flat(p.grad) for n, p in params.items()},
            "grad_x": [flat(r) for r in x.grad[0]],
        },
    }
    if state is not None:
        case["inputs"]["h0"] = [flat(state[0].reshape(-1))]
        case["inputs"]["c0"] = [flat(state[1].reshape(-1))]
        case["expected"]["h_n"] = [flat(hn.reshape(-1))]
        case["expected"]["c_n"] = [flat(cn.reshape(-1))]
        case["expected"]["grad_h0"] = [flat(state[0].grad.reshape(-1))]
        case["expected"]["grad_c0"] = [flat(state[1].grad.reshape(-1))]
    return case


CASES = [
    ("lstm_causal_self_attention_many_to_many",
     dict(topology="many_to_many", loss="mse", input_size=3, steps=5, output_size=2, lstm=4,
          attention=dict(kind="self_attention", heads=2, causal=True, pe=False)), 31),
    ("transformer_block_many_to_one_ce",
     dict(topology="many_to_one", loss="ce", input_size=4, steps=5, output_size=3,
          attention=dict(kind="transformer_block", heads=2, ff=6, causal=False, norm_first=False, pe=False)), 32),
    ("transformer_block_norm_first_causal_pe_many_to_one_ce",
     dict(topology="many_to_one", loss="ce", input_size=6, steps=6, output_size=3,
          attention=dict(kind="transformer_block", heads=3, ff=5, causal=True, norm_first=True, pe=True)), 33),
]

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, cfg, seed in CASES:
        case = gen_case(name, cfg, seed)
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(case, f, indent=1)
        print(name, "loss", case["expected"]["loss"], "params", list(case["params"].keys()))
