#!/usr/bin/env python3
"""Test data for SeqGen's safetensors loader: PyTorch models holding the exact tensors of a
reference vector file (../Reference/Vectors/*.json), exported as a PyTorch user would:

    safetensors.torch.save_file(model.state_dict(), path)

The safetensors package is not needed: save_file() is reproduced below with struct + json
(8-byte little-endian header length; compact JSON header, keys sorted, padded with spaces to a
multiple of 8; raw little-endian data in key order; no __metadata__ unless given).

Run from this folder with a Python that has torch (never in CI):
    /usr/bin/python3 make_safetensors.py
It writes Data/<case>.<dtype>.safetensors and checks that the model's outputs equal the vector's.
"""
import json, os, struct
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "Reference", "Vectors")
DTYPES = {torch.float32: "F32", torch.float64: "F64"}


class SeqModel(nn.Module):
    """What SeqGen names rnn.* and head.*: a recurrent module `rnn` and a linear `head`."""

    def __init__(self, rnn, head):
        super().__init__()
        self.rnn = rnn
        self.head = head


def save_file(tensors, path, metadata=None):
    """safetensors.torch.save_file, for float tensors."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def build(case):
    cfg = case["config"]
    kind = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cfg["cell"]]
    rnn = kind(cfg["input_size"], cfg["hidden_size"], num_layers=cfg["layers"],
               bidirectional=cfg["bidirectional"], batch_first=True)
    dirs = 2 if cfg["bidirectional"] else 1
    model = SeqModel(rnn, nn.Linear(dirs * cfg["hidden_size"], cfg["output_size"])).double()
    state = {k: torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"]) for k, v in case["params"].items()}
    model.load_state_dict(state, strict=True)
    return model


def check(model, case):
    cfg = case["config"]
    x = torch.tensor(case["inputs"]["x"], dtype=torch.float64).unsqueeze(0)
    out, hn = model.rnn(x)
    hn = hn[0] if isinstance(hn, tuple) else hn
    assert cfg["topology"] == "many_to_one"
    feat = torch.cat([hn[-2, 0], hn[-1, 0]]) if cfg["bidirectional"] else hn[-1, 0]
    y = model.head(feat.unsqueeze(0))
    expected = torch.tensor(case["expected"]["outputs"], dtype=torch.float64).reshape(y.shape)
    assert torch.allclose(y, expected, atol=1e-12), (y, expected)


# (vector file, dtype of the export): float64 as the vectors are; float32 as most users save.
CASES = [("lstm_many_to_one_ce", torch.float64), ("gru_bidirectional_many_to_one", torch.float32)]

if __name__ == "__main__":
    os.makedirs(os.path.join(HERE, "Data"), exist_ok=True)
    for name, dtype in CASES:
        with open(os.path.join(VECTORS, name + ".json")) as f:
            case = json.load(f)
        model = build(case)
        check(model, case)
        model = model.to(dtype)
        path = os.path.join(HERE, "Data", f"{name}.{DTYPES[dtype]}.safetensors")
        save_file(model.state_dict(), path)
        print(path, os.path.getsize(path), "bytes")
