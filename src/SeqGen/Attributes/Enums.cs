namespace SeqGen;

/// <summary>How input steps map to output steps.</summary>
public enum Topology
{
    /// <summary>A whole input sequence produces one output, read from the final state.</summary>
    ManyToOne = 0,
    /// <summary>One output per input step (synced).</summary>
    ManyToMany = 1,
    /// <summary>One input at step 0, one output per step.</summary>
    OneToMany = 2,
    /// <summary>An encoder reads the input; a decoder, started from the encoder's final state, writes <see cref="SequenceModelAttribute.OutputSteps"/> outputs, each fed the previous one (teacher forcing in training).</summary>
    EncoderDecoder = 3,
}

/// <summary>The training loss, summed over output steps (J = L_1 + ... + L_T).</summary>
public enum LossKind
{
    /// <summary>Per step, the mean over outputs of (y - target)^2.</summary>
    MeanSquaredError = 0,
    /// <summary>Per step, -log softmax(y)[target]; outputs are logits.</summary>
    CrossEntropy = 1,
}

/// <summary>The floating-point type of parameters, activations and gradients.</summary>
public enum Precision
{
    /// <summary><see cref="float"/>.</summary>
    Single = 0,
    /// <summary><see cref="double"/>.</summary>
    Double = 1,
}

/// <summary>How the streaming <c>Step</c> reads the recurrent layers' weight matrices.</summary>
public enum WeightStorage
{
    /// <summary>The parameters themselves, in <see cref="Precision"/>.</summary>
    Single = 0,
    /// <summary>
    /// An IEEE half-precision (16-bit) copy of every LSTM and RNN layer's W_ih and W_hh, made from the
    /// parameters when they change; arithmetic stays in float. Half the bytes to read per step, at
    /// the cost of rounding each weight to 11 significant bits. Training and Forward use the parameters.
    /// </summary>
    Half = 1,
    /// <summary>
    /// The same copy as bfloat16 (a float's top 16 bits: 8 significant bits instead of half's 11, the
    /// float's whole exponent range), laid out so that widening is one shift or mask per 8 weights.
    /// </summary>
    BFloat16 = 2,
}

/// <summary>The nonlinearity of a vanilla RNN cell.</summary>
public enum RnnActivation
{
    /// <summary>h' = tanh(W_ih x + b_ih + W_hh h + b_hh).</summary>
    Tanh = 0,
    /// <summary>h' = max(0, W_ih x + b_ih + W_hh h + b_hh).</summary>
    Relu = 1,
}

/// <summary>Where a GRU applies its reset gate.</summary>
public enum GruVariant
{
    /// <summary>n = tanh(W_in x + b_in + r * (W_hn h + b_hn)): PyTorch, cuDNN and Keras.</summary>
    ResetAfter = 0,
    /// <summary>n = tanh(W_in x + b_in + W_hn (r * h) + b_hn): Cho et al. 2014, the ONNX default.</summary>
    ResetBefore = 1,
}

/// <summary>How an encoder-decoder's attention scores encoder output h_i against decoder state s (E = width of both).</summary>
public enum AttentionKind
{
    /// <summary>score = s . h_i / sqrt(E) (Vaswani et al.); no parameters.</summary>
    ScaledDot = 0,
    /// <summary>score = s . h_i (Luong "dot"); no parameters.</summary>
    Dot = 1,
    /// <summary>score = s . (W h_i) (Luong "general"); parameter <c>attention.weight</c> [E, E].</summary>
    General = 2,
    /// <summary>
    /// score = V tanh(W s + U h_i) (Bahdanau), as the PyTorch seq2seq tutorial's BahdanauAttention:
    /// parameters <c>attention.Wa</c>, <c>attention.Ua</c> (Linear E -&gt; E) and <c>attention.Va</c> (Linear E -&gt; 1), each with weight and bias.
    /// </summary>
    Additive = 3,
}

/// <summary>How a bidirectional layer combines its two directions' outputs, as Keras's <c>Bidirectional(merge_mode=...)</c>.</summary>
public enum MergeMode
{
    /// <summary>[forward ; reverse], twice the width: PyTorch's only behaviour.</summary>
    Concat = 0,
    /// <summary>forward + reverse.</summary>
    Sum = 1,
    /// <summary>(forward + reverse) / 2.</summary>
    Average = 2,
    /// <summary>forward * reverse, element-wise.</summary>
    Multiply = 3,
}
