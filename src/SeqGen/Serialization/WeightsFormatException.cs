using System;

namespace SeqGen;

/// <summary>
/// A weights file that cannot be loaded into a model: malformed, truncated, or holding tensors
/// that do not match the model's (missing, extra, another shape, an unsupported element type).
/// Loading throws it before changing any parameter, so the model stays as it was.
/// </summary>
public sealed class WeightsFormatException : FormatException
{
    /// <summary>Creates the exception with a message naming what was wrong.</summary>
    public WeightsFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that revealed it.</summary>
    public WeightsFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The tensor concerned, when the problem is one tensor's.</summary>
    public string? TensorName { get; init; }
}
