using System;

namespace SeqGen;

/// <summary>
/// Declares a Hopfield associative memory of <see cref="Size"/> bipolar (+1/-1) units on a
/// <c>partial</c> class. The SeqGen source generator emits Hebbian storage, recall (synchronous or
/// asynchronous updates) and the energy, specialized for the size. A separate model kind: a class
/// cannot also carry <see cref="SequenceModelAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class HopfieldAttribute : Attribute
{
    /// <summary>Units, and the length of a pattern; at least 2.</summary>
    public int Size { get; set; }

    /// <summary>Most sweeps one recall runs before it gives up (one sweep updates every unit once).</summary>
    public int MaxIterations { get; set; } = 100;
}
