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
    /// <summary>An encoder reads the input, a decoder writes an output of another length. Not supported yet.</summary>
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
