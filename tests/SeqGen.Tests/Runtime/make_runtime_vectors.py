#!/usr/bin/env python3
"""Reference vectors for the SeqGen runtime tests (tests/SeqGen.Tests/Runtime).

Computes, in float64 with PyTorch:
  * torch.optim.SGD (plain, momentum 0.9, momentum + nesterov, weight decay) and
    torch.optim.Adam (defaults, weight decay, other betas/eps) over 5 steps on a
    7-element parameter vector with a fixed sequence of gradients;
  * torch.nn.utils.clip_grad_norm_ on a gradient above and one below the threshold;
  * F.cross_entropy (reduction='sum' over one row) and its gradient on the logits;
  * F.mse_loss (reduction='mean') and its gradient on the prediction.

Plus, with a plain-Python transcription of Vigna's reference C code (not PyTorch),
the first outputs of xoshiro256** seeded through SplitMix64, for SeededRandom.

Writes runtime_vectors.json and RuntimeVectors.g.cs next to this script (the test
project cannot embed the JSON without a csproj change, so the numbers are compiled in).

Run:  /usr/bin/python3 tests/SeqGen.Tests/Runtime/make_runtime_vectors.py
"""

import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- optimizers

P0 = [0.5, -1.25, 2.0, -0.75, 1.5, 0.3, -2.2]
GRADS = [
    [0.1, -0.2, 0.3, 0.05, -0.4, 1.5, -0.01],
    [0.12, -0.1, -0.25, 0.07, -0.35, 1.2, 0.02],
    [-0.05, 0.3, 0.2, -0.6, 0.0, -0.9, 0.015],
    [0.4, -0.45, 0.1, 0.2, 0.25, 0.6, -0.03],
    [0.08, 0.15, -0.35, -0.1, 0.5, -1.1, 0.005],
]

SGD_CASES = {
    "SgdPlain": dict(lr=0.1),
    "SgdMomentum": dict(lr=0.05, momentum=0.9),
    "SgdNesterov": dict(lr=0.05, momentum=0.9, nesterov=True),
    "SgdWeightDecay": dict(lr=0.1, weight_decay=0.01),
    "SgdMomentumWeightDecay": dict(lr=0.05, momentum=0.9, weight_decay=0.05),
}

ADAM_CASES = {
    "AdamDefault": dict(),
    "AdamWeightDecay": dict(lr=0.01, weight_decay=0.1),
    "AdamCustom": dict(lr=0.05, betas=(0.8, 0.95), eps=1e-4),
}


def run_optimizer(factory, kwargs):
    p = torch.tensor(P0, dtype=torch.float64, requires_grad=True)
    opt = factory([p], **kwargs)
    trajectory = []
    for g in GRADS:
        opt.zero_grad()
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        trajectory.append(p.detach().clone().tolist())
    return trajectory


def hyper(kwargs, adam):
    if adam:
        betas = kwargs.get("betas", (0.9, 0.999))
        return dict(
            lr=kwargs.get("lr", 1e-3),
            beta1=betas[0],
            beta2=betas[1],
            eps=kwargs.get("eps", 1e-8),
            weight_decay=kwargs.get("weight_decay", 0.0),
        )
    return dict(
        lr=kwargs["lr"],
        momentum=kwargs.get("momentum", 0.0),
        weight_decay=kwargs.get("weight_decay", 0.0),
        nesterov=kwargs.get("nesterov", False),
    )


optimizers = {}
for name, kw in SGD_CASES.items():
    optimizers[name] = dict(hyper=hyper(kw, False), params=run_optimizer(torch.optim.SGD, kw))
for name, kw in ADAM_CASES.items():
    optimizers[name] = dict(hyper=hyper(kw, True), params=run_optimizer(torch.optim.Adam, kw))

# ---------------------------------------------------------------- clipping

CLIP_MAX_NORM = 1.0
CLIP_CASES = {
    # norm about 2.7: clipped
    "ClipAbove": [0.9, -1.7, 0.4, 1.2, -0.6, 0.05, -1.1, 0.3, 0.8],
    # norm about 0.55: untouched
    "ClipBelow": [0.1, -0.2, 0.3, 0.05, -0.25, 0.15, -0.3, 0.02, 0.1],
}
clipping = {}
for name, g in CLIP_CASES.items():
    p = torch.zeros(len(g), requires_grad=True)
    p.grad = torch.tensor(g)
    norm = torch.nn.utils.clip_grad_norm_([p], CLIP_MAX_NORM, norm_type=2.0)
    norm = float(norm)
    # torch scales by max_norm / (norm + 1e-6) (clamped to 1); SeqGen by exactly
    # max_norm / norm. Expected for SeqGen, computed here from torch's returned norm:
    exact = [x * CLIP_MAX_NORM / norm for x in g] if norm > CLIP_MAX_NORM else list(g)
    clipping[name] = dict(
        max_norm=CLIP_MAX_NORM,
        grad=g,
        torch_norm=norm,
        torch_clipped=p.grad.tolist(),
        expected_clipped_exact=exact,
    )

# ---------------------------------------------------------------- losses

CE_CASES = {
    "CrossEntropySmall": ([0.2, -1.3, 0.75, 2.1, -0.4], 2),
    # large logits: needs the max-shift to stay finite
    "CrossEntropyLarge": ([1000.0, 1002.5, 999.0, 1001.25], 0),
    "CrossEntropyLastClass": ([-0.5, 0.1, 0.3, -2.0, 1.7, 0.05, -0.9], 6),
}
losses = {}
for name, (logits, target) in CE_CASES.items():
    x = torch.tensor(logits, requires_grad=True)
    loss = F.cross_entropy(x.unsqueeze(0), torch.tensor([target]), reduction="sum")
    loss.backward()
    losses[name] = dict(logits=logits, target=target, loss=float(loss), grad=x.grad.tolist())

MSE_CASES = {
    "MseSix": ([0.3, -1.2, 2.5, 0.0, 0.7, -0.45], [0.1, -1.0, 2.0, 0.5, 0.7, 0.3]),
    "MseOne": ([1.75], [-0.5]),
}
for name, (y, t) in MSE_CASES.items():
    yt = torch.tensor(y, requires_grad=True)
    loss = F.mse_loss(yt, torch.tensor(t), reduction="mean")
    loss.backward()
    losses[name] = dict(y=y, target=t, loss=float(loss), grad=yt.grad.tolist())

# ---------------------------------------------------------------- xoshiro256** (not torch)

M64 = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


def xoshiro_outputs(seed, count):
    x = seed & M64
    s = []
    for _ in range(4):
        x, v = splitmix64(x)
        s.append(v)
    out = []
    for _ in range(count):
        result = (rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        out.append(result)
    return out


# Sanity check of the transcription: SplitMix64 from state 0 gives 0xE220A8397B1DCDAF.
assert splitmix64(0)[1] == 0xE220A8397B1DCDAF
XOSHIRO_SEEDS = [0, 42, -7]
xoshiro = {str(seed): xoshiro_outputs(seed, 6) for seed in XOSHIRO_SEEDS}

# ---------------------------------------------------------------- output

TORCH_VERSION = torch.__version__
data = dict(
    generator="tests/SeqGen.Tests/Runtime/make_runtime_vectors.py",
    torch_version=TORCH_VERSION,
    dtype="float64",
    optimizer_initial_params=P0,
    optimizer_grads=GRADS,
    optimizers=optimizers,
    clipping=clipping,
    losses=losses,
    xoshiro256starstar={k: [f"0x{v:016X}" for v in vs] for k, vs in xoshiro.items()},
)
with open(os.path.join(HERE, "runtime_vectors.json"), "w") as f:
    json.dump(data, f, indent=1)
    f.write("\n")


def lit(x):
    if isinstance(x, bool):
        return "true" if x else "false"
    r = repr(float(x))
    assert float(r) == float(x) and "inf" not in r and "nan" not in r
    return r


def arr(values):
    return "new double[] { " + ", ".join(lit(v) for v in values) + " }"


def flat(rows):
    return [v for row in rows for v in row]


major_minor = ".".join(TORCH_VERSION.split("+")[0].split(".")[:2])
cs = []
cs.append("// <auto-generated>")
cs.append(f"// Generated by tests/SeqGen.Tests/Runtime/make_runtime_vectors.py from torch {major_minor}")
cs.append(f"// (torch.__version__ {TORCH_VERSION}), float64. Do not edit; rerun the script.")
cs.append("// The same numbers are in runtime_vectors.json next to the script.")
cs.append("// </auto-generated>")
cs.append("")
cs.append("namespace SeqGen.Tests.Runtime;")
cs.append("")
cs.append("/// <summary>Reference values from PyTorch, in float64.</summary>")
cs.append("internal static class RuntimeVectors")
cs.append("{")
cs.append(f'    public const string TorchVersion = "{TORCH_VERSION}";')
cs.append("")
cs.append(f"    public const int OptimizerSteps = {len(GRADS)};")
cs.append("")
cs.append("    /// <summary>Parameters before the first step.</summary>")
cs.append(f"    public static readonly double[] OptimizerInitialParams = {arr(P0)};")
cs.append("")
cs.append("    /// <summary>The gradient of each step, flattened [step][parameter].</summary>")
cs.append(f"    public static readonly double[] OptimizerGrads = {arr(flat(GRADS))};")
for name, case in optimizers.items():
    h = case["hyper"]
    cs.append("")
    cs.append(f"    /// <summary>torch.optim.{'Adam' if name.startswith('Adam') else 'SGD'}({', '.join(f'{k}={v}' for k, v in h.items())}): parameters after each step, flattened [step][parameter].</summary>")
    cs.append(f"    public static readonly double[] {name}Params = {arr(flat(case['params']))};")
    for k, v in h.items():
        pascal = "".join(part.capitalize() for part in k.split("_"))
        if isinstance(v, bool):
            cs.append(f"    public const bool {name}{pascal} = {lit(v)};")
        else:
            cs.append(f"    public const double {name}{pascal} = {lit(v)};")
for name, case in clipping.items():
    cs.append("")
    cs.append(f"    public const double {name}MaxNorm = {lit(case['max_norm'])};")
    cs.append(f"    public static readonly double[] {name}Grad = {arr(case['grad'])};")
    cs.append(f"    /// <summary>The norm clip_grad_norm_ returned.</summary>")
    cs.append(f"    public const double {name}TorchNorm = {lit(case['torch_norm'])};")
    cs.append(f"    /// <summary>The gradient after clip_grad_norm_ (scaled by max_norm / (norm + 1e-6)).</summary>")
    cs.append(f"    public static readonly double[] {name}TorchClipped = {arr(case['torch_clipped'])};")
    cs.append(f"    /// <summary>grad * max_norm / torch's norm (or grad, when not above max_norm): SeqGen's documented result.</summary>")
    cs.append(f"    public static readonly double[] {name}ExpectedExact = {arr(case['expected_clipped_exact'])};")
for name, case in losses.items():
    cs.append("")
    if name.startswith("CrossEntropy"):
        cs.append(f"    public static readonly double[] {name}Logits = {arr(case['logits'])};")
        cs.append(f"    public const int {name}Target = {case['target']};")
    else:
        cs.append(f"    public static readonly double[] {name}Y = {arr(case['y'])};")
        cs.append(f"    public static readonly double[] {name}Target = {arr(case['target'])};")
    cs.append(f"    public const double {name}Loss = {lit(case['loss'])};")
    cs.append(f"    public static readonly double[] {name}Grad = {arr(case['grad'])};")
cs.append("")
cs.append("    /// <summary>First outputs of xoshiro256** seeded through SplitMix64 (plain-Python transcription of the reference C code, not torch).</summary>")
cs.append("    public static readonly (long Seed, ulong[] Outputs)[] Xoshiro =")
cs.append("    [")
for seed in XOSHIRO_SEEDS:
    outs = ", ".join(f"0x{v:016X}UL" for v in xoshiro[str(seed)])
    cs.append(f"        ({seed}L, new ulong[] {{ {outs} }}),")
cs.append("    ];")
cs.append("}")
cs.append("")
with open(os.path.join(HERE, "RuntimeVectors.g.cs"), "w") as f:
    f.write("\n".join(cs))

print(f"wrote runtime_vectors.json and RuntimeVectors.g.cs (torch {TORCH_VERSION})")
