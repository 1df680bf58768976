using System;

namespace SeqGen;

/// <summary>The options every recurrent cell attribute shares.</summary>
public abstract class CellAttribute : Attribute
{
    /// <summary>Declares a cell with <paramref name="hiddenSize"/> units per direction.</summary>
    protected CellAttribute(int hiddenSize) => HiddenSize = hiddenSize;

    /// <summary>Units per direction (PyTorch's hidden_size).</summary>
    public int HiddenSize { get; }

    /// <summary>Stacked layers of this cell (PyTorch's num_layers).</summary>
    public int Layers { get; set; } = 1;

    /// <summary>Whether each layer also runs from the last step to the first.</summary>
    public bool Bidirectional { get; set; }

    /// <summary>
    /// One bias vector per layer and direction, as Keras and TensorFlow have, instead of PyTorch's two
    /// (b_ih and b_hh, whose sum is all that matters except in a reset-after GRU's n gate, where b_hn
    /// then is zero). The tensor keeps the name <c>bias_ih_l{k}</c>; there is no <c>bias_hh_l{k}</c>.
    /// </summary>
    public bool SingleBias { get; set; }

    /// <summary>
    /// For a bidirectional layer, how the directions' outputs combine into what the next layer and the
    /// head read (per step, and the final states for a ManyToOne head); Concat, the default, is PyTorch's.
    /// </summary>
    public MergeMode MergeMode { get; set; }
}

/// <summary>A vanilla (Elman) RNN layer, as PyTorch's <c>nn.RNN</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RnnAttribute : CellAttribute
{
    /// <summary>Declares a vanilla RNN layer with <paramref name="hiddenSize"/> units.</summary>
    public RnnAttribute(int hiddenSize) : base(hiddenSize) { }

    /// <summary>The nonlinearity (PyTorch's nonlinearity).</summary>
    public RnnActivation Activation { get; set; } = RnnActivation.Tanh;
}

/// <summary>An LSTM layer, as PyTorch's <c>nn.LSTM</c> (gate order i, f, g, o).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LstmAttribute : CellAttribute
{
    /// <summary>Declares an LSTM layer with <paramref name="hiddenSize"/> units.</summary>
    public LstmAttribute(int hiddenSize) : base(hiddenSize) { }

    /// <summary>
    /// PyTorch's proj_size: when set (1 to HiddenSize - 1), the hidden state is projected,
    /// h_t = W_hr (o * tanh(c_t)), to this many values, which the next step, the next layer and the
    /// head read; the cell state keeps HiddenSize. Adds <c>weight_hr_l{k}</c> [ProjectionSize, HiddenSize].
    /// 0 (the default): no projection.
    /// </summary>
    public int ProjectionSize { get; set; }

    /// <summary>
    /// Peephole connections (Gers and Schmidhuber; TensorFlow's use_peepholes): the input and forget
    /// gates also see c_{t-1}, the output gate c_t, each through a per-unit weight:
    /// i = sigmoid(... + p_i * c_{t-1}), f = sigmoid(... + p_f * c_{t-1}), o = sigmoid(... + p_o * c_t).
    /// Adds <c>weight_peephole_l{k}</c> [3*H], in the order p_i, p_f, p_o.
    /// </summary>
    public bool Peephole { get; set; }

    /// <summary>
    /// Coupled input and forget gates (Greff et al. 2017, "CIFG"): no input gate, i = 1 - f, so
    /// c' = f*c + (1-f)*g. The gate tensors hold three gates, in the order f, g, o ([3*H, ...]).
    /// </summary>
    public bool CoupledGates { get; set; }

    /// <summary>
    /// Layer normalization inside the cell, as PyTorch's reference LayerNormLSTMCell
    /// (benchmarks/fastrnns/custom_lstms.py): gates = LN_ih(W_ih x) + LN_hh(W_hh h) (each over the 4H gate
    /// vector), c' = LN_c(f*c + i*g), h' = o*tanh(c'); the normalized c' is the carried cell state. There are
    /// no bias_ih/bias_hh (the LN biases play their role); the tensors are <c>layernorm_ih_l{k}.weight</c>,
    /// <c>.bias</c> [4H], <c>layernorm_hh_l{k}.weight</c>, <c>.bias</c> [4H] and <c>layernorm_c_l{k}.weight</c>,
    /// <c>.bias</c> [H] (eps 1e-5; weights start at 1, biases at 0). Not with Peephole, CoupledGates,
    /// ProjectionSize, SingleBias or CellClip.
    /// </summary>
    public bool LayerNorm { get; set; }

    /// <summary>
    /// Cell clipping, as TensorFlow's LSTMCell(cell_clip): c_t = clip(f*c + i*g, -CellClip, +CellClip)
    /// before h_t = o*tanh(c_t); no gradient passes through a clipped element. Not set (the default): no
    /// clipping. A value that is set must be positive and finite (SEQ0206, also for an explicit 0); not with
    /// Peephole, CoupledGates or LayerNorm.
    /// </summary>
    public double CellClip { get; set; }
}

/// <summary>A GRU layer, as PyTorch's <c>nn.GRU</c> (gate order r, z, n).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GruAttribute : CellAttribute
{
    /// <summary>Declares a GRU layer with <paramref name="hiddenSize"/> units.</summary>
    public GruAttribute(int hiddenSize) : base(hiddenSize) { }

    /// <summary>Where the reset gate applies.</summary>
    public GruVariant Variant { get; set; } = GruVariant.ResetAfter;

    /// <summary>
    /// Layer normalization inside the cell (reset-after only): a = LN_ih(W_ih x), b = LN_hh(W_hh h), each over
    /// the 3H gate vector; r = sigmoid(a_r + b_r), z = sigmoid(a_z + b_z), n = tanh(a_n + r*b_n),
    /// h' = (1-z)*n + z*h. There are no bias_ih/bias_hh (the LN biases play their role); the tensors are
    /// <c>layernorm_ih_l{k}.weight</c>, <c>.bias</c> and <c>layernorm_hh_l{k}.weight</c>, <c>.bias</c> [3H]
    /// (eps 1e-5; weights start at 1, biases at 0). Not with SingleBias or Variant = ResetBefore.
    /// </summary>
    public bool LayerNorm { get; set; }
}
