"""Fits the single-precision tanh of src/SeqGen/Numerics/Activations.cs (coefficients in
ActivationConstants.cs): tanh(x) ~ x P(x^2) / Q(x^2) on |x| <= 9.5, P of degree 4 and Q of degree 4
in x^2 with Q(0) = 1, minimising the maximum relative error. Linearised least squares, reweighted
(Loeb's iteration for the denominator, Lawson's weights towards minimax), in double precision.

Run with numpy (never in CI): /usr/bin/python3 tests/SeqGen.Tests/Runtime/fit_tanh.py
It prints the coefficients and the errors of a float32 evaluation with fused multiply-adds
(Estrin's scheme, as the C# does); ActivationTests holds the C# to its stated bounds."""
import numpy as np

LIMIT, P_TERMS, Q_TERMS = 9.5, 5, 4

def fit():
    x = np.sort(np.concatenate([np.linspace(1e-4, LIMIT, 40000), np.geomspace(1e-6, 1e-4, 200)]))
    z, t = x * x, np.tanh(x)
    weights, q_previous = np.ones_like(x), np.ones_like(x)
    for _ in range(60):
        # x P(z) - t (Q(z) - 1) = t, scaled so each row measures relative error
        a = np.concatenate([x[:, None] * z[:, None] ** np.arange(P_TERMS),
                            -t[:, None] * z[:, None] ** np.arange(1, Q_TERMS + 1)], axis=1)
        scale = weights / (t * q_previous)
        solution, *_ = np.linalg.lstsq(a * scale[:, None], t * scale, rcond=None)
        p, q = solution[:P_TERMS], np.concatenate([[1.0], solution[P_TERMS:]])
        q_previous = np.polyval(q[::-1], z)
        error = (x * np.polyval(p[::-1], z) / q_previous - t) / t
        weights = weights * np.sqrt(np.abs(error))
        weights /= weights.max()
    return p, q, np.abs(error).max()

F = np.float32

def fma(a, b, c):
    # exact product and sum of float32 values in double, rounded once: an FMA
    return (a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)).astype(F)

def tanh32(p, q, x):
    x = np.minimum(F(LIMIT), np.maximum(F(-LIMIT), x.astype(F)))
    z = x * x
    z2 = z * z
    c = lambda v: np.full_like(z, F(v))
    pz = fma(fma(c(p[4]), z2, fma(c(p[3]), z, c(p[2]))), z2, fma(c(p[1]), z, c(p[0])))
    qz = fma(fma(c(q[4]), z2, fma(c(q[3]), z, c(q[2]))), z2, fma(c(q[1]), z, c(1.0)))
    return np.clip((x * pz) / qz, F(-1), F(1))

p, q, fit_error = fit()
xs = np.concatenate([np.arange(-30000, 30001) * 1e-3, np.arange(-2000, 2001) * 1e-7, np.linspace(-12, 12, 2000001)]).astype(F)
exact = np.tanh(xs.astype(np.float64))
y = tanh32(p, q, xs).astype(np.float64)
nonzero = exact != 0
print(f"fit: max relative error {fit_error:.2e} (before float rounding)")
print(f"float32 tanh: max absolute {np.abs(y - exact).max():.2e}, relative {(np.abs(y - exact)[nonzero] / np.abs(exact[nonzero])).max():.2e}")
half = tanh32(p, q, F(0.5) * xs)
sigmoid = fma(np.full_like(half, F(0.5)), half, np.full_like(half, F(0.5))).astype(np.float64)
print(f"float32 sigmoid = (1 + tanh(x/2))/2: max absolute {np.abs(sigmoid - 1 / (1 + np.exp(-xs.astype(np.float64)))).max():.2e}")
print("P:", ", ".join(f"{v:.9e}f" for v in p))
print("Q:", ", ".join(f"{v:.9e}f" for v in q))
