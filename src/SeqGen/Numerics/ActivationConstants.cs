using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SeqGen.Numerics;

/// <summary>
/// The coefficients of the single-precision sigmoid and tanh (<see cref="Activations"/>), as
/// whole vectors read through a reference. Written as literals, the JIT hoists and keeps all of
/// them in registers, which an LSTM cell loop cannot spare: it spilled its polynomial's running
/// value to the stack between every two FMAs. Read through a ref, each coefficient becomes a memory
/// operand of the instruction that uses it. Measured (BenchmarkDotNet, a scratch copy of the LSTM
/// cell loop, H = 32): 246 ns with the literals, 162 ns with the coefficients through a ref
/// parameter. The ref must come in as a parameter of a non-inlined method: see
/// <c>LstmCell.ForwardBlocks</c>. Nothing writes the fields after <see cref="Create"/>.
/// </summary>
internal struct ActivationConstants
{
    public Vector256<float> TanhHigh, TanhLow, TanhP0, TanhP1, TanhP2, TanhP3, TanhP4, TanhQ1, TanhQ2, TanhQ3, TanhQ4;
    // tanh(x / 2) for the sigmoid: the same rational function in x, its coefficients scaled by powers of two
    public Vector256<float> SigmoidHigh, SigmoidLow, SigmoidP0, SigmoidP1, SigmoidP2, SigmoidP3, SigmoidP4, SigmoidQ1, SigmoidQ2, SigmoidQ3, SigmoidQ4;

    // the negated bounds are stored, not negated per use: one vector operation less per bound
    public Vector256<float> One, MinusOne, Half;

    /// <summary>The one instance. Not readonly: the JIT would fold a readonly one back into literals.</summary>
    public static ActivationConstants Values = Create();

    private static ActivationConstants Create()
    {
        ActivationConstants k = CreateTanh();
        // tanh(x / 2) = (x / 2) P(x^2 / 4) / Q(x^2 / 4) = x P'(x^2) / Q'(x^2) with P'_k = P_k / (2 4^k) and
        // Q'_k = Q_k / 4^k: exact scalings, and |x| <= 19 where |x / 2| <= 9.5
        k.SigmoidHigh = k.TanhHigh * 2f;
        k.SigmoidLow = k.TanhLow * 2f;
        k.SigmoidP0 = k.TanhP0 / 2f;
        k.SigmoidP1 = k.TanhP1 / 8f;
        k.SigmoidP2 = k.TanhP2 / 32f;
        k.SigmoidP3 = k.TanhP3 / 128f;
        k.SigmoidP4 = k.TanhP4 / 512f;
        k.SigmoidQ1 = k.TanhQ1 / 4f;
        k.SigmoidQ2 = k.TanhQ2 / 16f;
        k.SigmoidQ3 = k.TanhQ3 / 64f;
        k.SigmoidQ4 = k.TanhQ4 / 256f;
        return k;
    }

    private static ActivationConstants CreateTanh() => new()
    {
        // tanh(x) = x P(x^2) / Q(x^2) on |x| <= 9.5, Q(0) = 1: a minimax fit of the relative error
        // (tests/SeqGen.Tests/Runtime/fit_tanh.py: reweighted least squares in double; 3.4e-8 before float rounding)
        TanhHigh = Vector256.Create(9.5f),
        TanhLow = Vector256.Create(-9.5f),
        TanhP0 = Vector256.Create(9.999999664e-01f),
        TanhP1 = Vector256.Create(1.334797300e-01f),
        TanhP2 = Vector256.Create(3.456472201e-03f),
        TanhP3 = Vector256.Create(1.997234640e-05f),
        TanhP4 = Vector256.Create(1.248871129e-08f),
        TanhQ1 = Vector256.Create(4.668127813e-01f),
        TanhQ2 = Vector256.Create(2.572779513e-02f),
        TanhQ3 = Vector256.Create(3.221945586e-04f),
        TanhQ4 = Vector256.Create(7.418491394e-07f),
        One = Vector256<float>.One,
        MinusOne = Vector256.Create(-1f),
        Half = Vector256.Create(0.5f),
    };
}

/// <summary>
/// Ten copies of <see cref="ActivationConstants"/>, one per activation of a one-method step kernel
/// (an LSTM step of two blocks of 8 units has ten: i, g, f, o and tanh(c') per block). With one
/// copy, the JIT loads each coefficient once per step and keeps it for the later activations, which
/// at 12 coefficients and the gate vectors is more than the 16 vector registers, so it spills them
/// to the stack, some of the spills on the step's dependency chain. Distinct copies are distinct
/// addresses, so each activation reads its coefficients as memory operands.
/// </summary>
[InlineArray(Count)]
internal struct ActivationConstantSets
{
    public const int Count = 10;

    private ActivationConstants _first;

    /// <summary>The one instance. Not readonly, for the reason given at <see cref="ActivationConstants.Values"/>.</summary>
    public static ActivationConstantSets Values = Create();

    private static ActivationConstantSets Create()
    {
        var sets = new ActivationConstantSets();
        for (int i = 0; i < Count; i++)
        {
            sets[i] = ActivationConstants.Values;
        }
        return sets;
    }
}
