using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text;

namespace SeqGen;

/// <summary>
/// Loading and saving a model's parameters as safetensors files (the format of Hugging Face's
/// <c>safetensors</c> package and <c>safetensors.torch.save_file(model.state_dict(), path)</c>).
/// </summary>
public static class WeightsExtensions
{
    /// <summary>Metadata key holding the saving model's <see cref="ISequenceModel{T}.ModelName"/>.</summary>
    public const string ModelNameKey = "seqgen.model";

    /// <summary>Metadata key holding the saving model's parameter names and shapes, e.g. <c>rnn.weight_ih_l0[20,3] ...</c>.</summary>
    public const string ParametersKey = "seqgen.parameters";

    /// <summary>
    /// Loads every parameter from the safetensors file at <paramref name="path"/>. The file must
    /// hold exactly the model's tensors (by name, in <paramref name="layout"/>) with their shapes,
    /// in F16, BF16, F32 or F64 (converted to <typeparamref name="T"/>), all finite. Metadata is
    /// not consulted: a file saved by another model class with the same tensors loads. Everything
    /// is checked before any parameter changes; a problem throws one <see cref="WeightsFormatException"/>
    /// and leaves the model as it was.
    /// </summary>
    public static void LoadWeights<T>(this ISequenceModel<T> model, string path, WeightLayout layout = WeightLayout.PyTorch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        model.LoadWeights(SafetensorsReader.Read(path), layout);
    }

    /// <summary>Loads every parameter from a safetensors file read from <paramref name="stream"/> to its end, as <see cref="LoadWeights{T}(ISequenceModel{T}, string, WeightLayout)"/>.</summary>
    public static void LoadWeights<T>(this ISequenceModel<T> model, Stream stream, WeightLayout layout = WeightLayout.PyTorch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        model.LoadWeights(SafetensorsReader.Read(stream), layout);
    }

    /// <summary>Loads every parameter from tensors already read (e.g. after inspecting their metadata), as <see cref="LoadWeights{T}(ISequenceModel{T}, string, WeightLayout)"/>.</summary>
    public static void LoadWeights<T>(this ISequenceModel<T> model, SafetensorsContent content, WeightLayout layout = WeightLayout.PyTorch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(content);
        IReadOnlyList<ParameterInfo> table = model.ParameterTable;
        IReadOnlyList<WeightTensor> tensors = WeightLayouts.ToPyTorch(table, layout, content.Tensors);
        T[][] values = ModelTensors.Match<T>(table, model.ModelName, tensors);
        for (int i = 0; i < values.Length; i++)
        {
            model.SetParameter(table[i].Name, values[i]);
        }
    }

    /// <summary>
    /// Saves every parameter to <paramref name="path"/> in PyTorch layout, as <paramref name="dtype"/>
    /// (F32 or F64; by default the model's precision). The file is written beside the target under a
    /// temporary name and renamed over it when complete, so a failure never leaves a partial file in
    /// place of the previous one.
    /// </summary>
    public static void SaveWeights<T>(this ISequenceModel<T> model, string path, SafetensorsDType? dtype = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        AtomicFile.Write(path, stream => model.SaveWeights(stream, dtype));
    }

    /// <summary>
    /// Writes every parameter to <paramref name="stream"/> in PyTorch layout, as <paramref name="dtype"/>
    /// (F32 or F64; by default the model's precision), with <c>__metadata__</c> holding
    /// <c>format</c> = <c>pt</c>, <see cref="ModelNameKey"/> and <see cref="ParametersKey"/>.
    /// </summary>
    public static void SaveWeights<T>(this ISequenceModel<T> model, Stream stream, SafetensorsDType? dtype = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        IReadOnlyList<ParameterInfo> table = model.ParameterTable;
        var names = new string[table.Count];
        var shapes = new IReadOnlyList<int>[table.Count];
        var signature = new StringBuilder();
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = table[i].Name;
            shapes[i] = table[i].Shape;
            signature.Append(signature.Length == 0 ? "" : " ").Append(names[i]).Append('[').AppendJoin(',', table[i].Shape).Append(']');
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "pt",
            [ModelNameKey] = model.ModelName,
            [ParametersKey] = signature.ToString(),
        };
        SafetensorsWriter.Write(stream, names, shapes, (i, destination) =>
        {
            var values = new T[destination.Length];
            model.GetParameter(names[i], values);
            for (int j = 0; j < values.Length; j++)
            {
                destination[j] = double.CreateTruncating(values[j]);
            }
        }, metadata, dtype ?? (typeof(T) == typeof(double) ? SafetensorsDType.F64 : SafetensorsDType.F32));
    }
}
