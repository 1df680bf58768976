namespace SeqGen;

/// <summary>One tensor's header entry: name, element type, shape and byte range in the data section.</summary>
internal readonly record struct SafetensorsEntry(string Name, SafetensorsDType DType, int[] Shape, long Length, ulong Begin, ulong End);
