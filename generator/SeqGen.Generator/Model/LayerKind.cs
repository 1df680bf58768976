namespace SeqGen.Generator.Model;

/// <summary>
/// What a layer of the stack computes. Recurrent layers (RNN, LSTM, GRU; <see cref="CellKind"/>)
/// carry state from step to step; the other kinds map a whole sequence to a sequence.
/// </summary>
internal enum LayerKind
{
    Recurrent = 0,
    TemporalConv = 1,
    SelfAttention = 2,
    TransformerBlock = 3,
}
