using SeqGen;

namespace SeqGen.Samples.Reverser;

/// <summary>
/// Reads 10 digits (one-hot) with a bidirectional LSTM and writes them back reversed: the decoder
/// (an LSTM of width 2*16) is fed its previous digit and attends, at every step, to the encoder's
/// outputs, so output step t can look straight at input step 9 - t. Luong's "general" score
/// s . (W h_i) learns the position match in an epoch or two; in one development run the
/// parameter-free scaled dot product learned far more slowly, since s itself must come to resemble
/// the right h_i (docs/samples.md).
/// </summary>
[SequenceModel(Topology.EncoderDecoder, InputSize = Digits.Count, Steps = Digits.Length, OutputSize = Digits.Count,
               OutputSteps = Digits.Length, Loss = LossKind.CrossEntropy)]
[Lstm(16, Bidirectional = true)]
[Attention(AttentionKind.General)]
public partial class ReverserModel { }

/// <summary>The task's sizes.</summary>
public static class Digits
{
    /// <summary>Classes: the digits 0-9.</summary>
    public const int Count = 10;

    /// <summary>Digits per sequence.</summary>
    public const int Length = 10;
}
