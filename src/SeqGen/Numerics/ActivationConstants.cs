using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// The coefficients of the single-precision exp, sigmoid and tanh (<see cref="Activations"/>), as
/// whole vectors read through a reference. Written as literals, the JIT hoists and keeps all ~20 of
/// them in registers, which an LSTM cell loop cannot spare: it spilled its polynomial's running
/// value to the stack between every two FMAs. Read through a ref, each coefficient becomes a memory
/// operand of the instruction that uses it. Measured (BenchmarkDotNet, a scratch copy of the LSTM
/// cell loop, H = 32): 246 ns with the literals, 162 ns with the coefficients through a ref
/// parameter. The ref must come in as a parameter of a non-inlined method: see
/// <c>LstmCell.ForwardBlocks</c>. Nothing writes the fields after <see cref="Create"/>.
/// </summary>
internal struct ActivationConstants
{
    public Vector256<float> ExpLow, ExpHigh, RoundingMagic, Log2E, Ln2High, Ln2Low, ExponentBias;
    public Vector256<float> Exp0, Exp1, Exp2, Exp3, Exp4, Exp5;
    public Vector256<float> Tanh0, Tanh1, Tanh2, Tanh3, Tanh4, TanhSmall;
    public Vector256<float> One, Two;

    /// <summary>The one instance. Not readonly: the JIT would fold a readonly one back into literals.</summary>
    public static ActivationConstants Values = Create();

    private static ActivationConstants Create() => new()
    {
        // exp: inputs clamped so 2^n stays a normal float; x = n ln2 + r (ln2 in two parts, Cody-Waite)
        ExpLow = Vector256.Create(-87.3f),
        ExpHigh = Vector256.Create(88.3f),
        // adding 1.5 * 2^23 rounds to an integer n kept in the low mantissa bits
        RoundingMagic = Vector256.Create(12582912f),
        Log2E = Vector256.Create(1.44269504088896341f),
        Ln2High = Vector256.Create(0.693359375f),
        Ln2Low = Vector256.Create(-2.12194440e-4f),
        // from the magic sum's bits to the exponent field of 2^n: (bits - bits(magic) + 127) << 23
        ExponentBias = Vector256.Create(127 - 0x4B400000).AsSingle(),
        // Cephes expf: exp(r) = 1 + r + r^2 * P(r)
        Exp0 = Vector256.Create(1.9875691500e-4f),
        Exp1 = Vector256.Create(1.3981999507e-3f),
        Exp2 = Vector256.Create(8.3334519073e-3f),
        Exp3 = Vector256.Create(4.1665795894e-2f),
        Exp4 = Vector256.Create(1.6666665459e-1f),
        Exp5 = Vector256.Create(5.0000001201e-1f),
        // Cephes tanhf for |x| < 0.625: x + x^3 * P(x^2)
        Tanh0 = Vector256.Create(-5.70498872745e-3f),
        Tanh1 = Vector256.Create(2.06390887954e-2f),
        Tanh2 = Vector256.Create(-5.37397155531e-2f),
        Tanh3 = Vector256.Create(1.33314422036e-1f),
        Tanh4 = Vector256.Create(-3.33332819422e-1f),
        TanhSmall = Vector256.Create(0.625f),
        One = Vector256<float>.One,
        Two = Vector256.Create(2f),
    };
}
