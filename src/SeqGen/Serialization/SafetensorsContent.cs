using System.Collections.Generic;

namespace SeqGen;

/// <summary>What a safetensors file holds: its tensors (widened to double) and its <c>__metadata__</c>.</summary>
public sealed class SafetensorsContent
{
    internal SafetensorsContent(IReadOnlyList<WeightTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The tensors, in the order of the data section.</summary>
    public IReadOnlyList<WeightTensor> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> (empty when the file has none, as files saved from PyTorch usually do).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
