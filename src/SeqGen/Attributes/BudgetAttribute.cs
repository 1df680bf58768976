using System;

namespace SeqGen;

/// <summary>
/// Static limits for a model, checked at compile time against the generated constants
/// <c>ParameterCount</c>, <c>WorkspaceBytes</c> and <c>MultiplyAddsPerStep</c>: a model over a
/// limit is a compile error naming the measured and the allowed figure. 0 means no limit.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BudgetAttribute : Attribute
{
    /// <summary>The most trainable parameters the model may have.</summary>
    public int MaxParameters { get; set; }

    /// <summary>The most bytes of state, activation caches and scratch the model may allocate (parameters and their gradients not included).</summary>
    public int MaxWorkspaceBytes { get; set; }

    /// <summary>The most multiply-adds one time step may take (all layers and directions, plus the head).</summary>
    public int MaxMultiplyAddsPerStep { get; set; }
}
