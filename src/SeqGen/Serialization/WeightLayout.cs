namespace SeqGen;

/// <summary>
/// How the tensors of a weights file are named and laid out. SeqGen's own layout is PyTorch's;
/// the others are converted on load (see <see cref="WeightLayouts"/> and docs/weights.md for the
/// exact tensor names each layout uses).
/// </summary>
public enum WeightLayout
{
    /// <summary>PyTorch <c>state_dict</c> names and shapes (<c>rnn.weight_ih_l0</c> [gates*H, in], ...), as the model's <c>ParameterTable</c>.</summary>
    PyTorch,

    /// <summary>
    /// Keras: per layer and direction <c>rnn.kernel_l{k}</c> [in, gates*H], <c>rnn.recurrent_kernel_l{k}</c>
    /// [H, gates*H], <c>rnn.bias_l{k}</c> ([gates*H], or [2, 3H] for a GRU with <c>reset_after=True</c>);
    /// gate order i,f,c,o (LSTM) and z,r,h (GRU); head <c>head.kernel</c> [features, outputs], <c>head.bias</c>.
    /// </summary>
    Keras,

    /// <summary>
    /// ONNX: per layer (directions stacked) <c>rnn.W_l{k}</c> [dirs, gates*H, in], <c>rnn.R_l{k}</c>
    /// [dirs, gates*H, H], <c>rnn.B_l{k}</c> [dirs, 2*gates*H] (input biases then recurrent biases);
    /// gate order i,o,f,c (LSTM) and z,r,h (GRU); head <c>head.weight</c> [outputs, features], <c>head.bias</c>.
    /// </summary>
    Onnx,
}
