namespace SeqGen;

/// <summary>Element types of a safetensors file that SeqGen reads (all four) and writes (<see cref="F32"/>, <see cref="F64"/>).</summary>
public enum SafetensorsDType
{
    /// <summary>IEEE 754 binary16 (<c>"F16"</c>), read only.</summary>
    F16,

    /// <summary>bfloat16 (<c>"BF16"</c>), read only.</summary>
    BF16,

    /// <summary>IEEE 754 binary32 (<c>"F32"</c>).</summary>
    F32,

    /// <summary>IEEE 754 binary64 (<c>"F64"</c>).</summary>
    F64,
}
