using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SeqGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic SeqGen reports, with stable IDs. Ranges: SEQ00xx declaration (the class and
/// its attributes), SEQ01xx topology and shape, SEQ02xx cell options, SEQ03xx limits, SEQ04xx embedded
/// weights, SEQ05xx other model kinds ([Hopfield]), SEQ06xx temporal convolution layers ([TemporalConv]), SEQ07xx attention layers of the stack.
/// Each help link points at its section of docs/diagnostics.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "SeqGen";
    private const string HelpRoot = "https://github.com/seqgen/seqgen/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor NotPartial = Error("SEQ0001",
        "Model class must be partial",
        "Class '{0}' has [SequenceModel] but is not partial; add the partial modifier so SeqGen can add the generated members");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error("SEQ0002",
        "Type containing a model must be partial",
        "Type '{0}' contains the model class '{1}' but is not partial; add the partial modifier");

    public static readonly DiagnosticDescriptor GenericModel = Error("SEQ0003",
        "Model class cannot be generic",
        "Class '{0}' is generic; a model's sizes and element type are fixed, so it cannot have type parameters");

    public static readonly DiagnosticDescriptor NoCell = Error("SEQ0004",
        "Model has no recurrent layer",
        "Class '{0}' has [SequenceModel] but no cell attribute; add [Rnn(h)], [Lstm(h)] or [Gru(h)]");

    public static readonly DiagnosticDescriptor StaticModel = Error("SEQ0005",
        "Model class cannot be static",
        "Class '{0}' is static; a model holds parameters and state, so it must be an instance class");

    public static readonly DiagnosticDescriptor NameCollision = Error("SEQ0006",
        "Model class name is a generated member name",
        "Class '{0}' cannot hold a generated member of the same name ({0}); rename the class");

    public static readonly DiagnosticDescriptor ConflictingConstructor = Error("SEQ0007",
        "Model class declares a conflicting constructor",
        "Class '{0}' has a primary constructor or declares {0}() or {0}(long); SeqGen generates {0}() and {0}(long seed), which initialize the parameters, so remove it");

    public static readonly DiagnosticDescriptor MemberNameCollision = Error("SEQ0008",
        "Member name reserved for generated code",
        "Member '{0}' of class '{1}' has the name of a generated member; rename it");

    public static readonly DiagnosticDescriptor SizeTooSmall = Error("SEQ0101",
        "Size must be at least 1",
        "{0} must be at least 1, but is {1}");

    // SEQ0102 (topology not supported yet) is retired: every topology is supported. Its ID is not reused.

    public static readonly DiagnosticDescriptor UnknownEnumValue = Error("SEQ0103",
        "Unknown option value",
        "{0} is {1}, which is not a defined {2} value");

    public static readonly DiagnosticDescriptor CrossEntropyNeedsClasses = Error("SEQ0104",
        "CrossEntropy needs at least 2 classes",
        "Loss is CrossEntropy, so OutputSize is the number of classes and must be at least 2, but is {0}");

    public static readonly DiagnosticDescriptor OutputStepsNotApplicable = Error("SEQ0105",
        "OutputSteps applies only to EncoderDecoder",
        "OutputSteps is {0}, but topology '{1}' fixes its output steps ({2}); remove OutputSteps");

    public static readonly DiagnosticDescriptor TruncatedBpttOutOfRange = Error("SEQ0106",
        "TruncatedBptt out of range",
        "TruncatedBptt must be at least 1 and below Steps ({1}), but is {0}");

    public static readonly DiagnosticDescriptor TruncatedBpttOnManyToOne = Error("SEQ0107",
        "TruncatedBptt needs an output per step",
        "TruncatedBptt is {0}, but a ManyToOne model has one output at the end, so earlier chunks would have no loss; remove TruncatedBptt or use ManyToMany");

    public static readonly DiagnosticDescriptor TruncatedBpttWithBidirectional = Warning("SEQ0108",
        "TruncatedBptt with a bidirectional layer",
        "TruncatedBptt is {0} and layer {1} is bidirectional: in training its reverse direction starts anew in every chunk (as PyTorch does when called per chunk), but Forward runs it over the whole sequence, so training and inference see different models; prefer a unidirectional stack with TruncatedBptt");

    public static readonly DiagnosticDescriptor OutputStepsRequired = Error("SEQ0109",
        "EncoderDecoder needs OutputSteps",
        "An EncoderDecoder model writes its own number of output steps; set OutputSteps (at least 1)");

    public static readonly DiagnosticDescriptor AttentionNeedsEncoderDecoder = Error("SEQ0110",
        "Attention needs EncoderDecoder",
        "[Attention] lets a decoder look at the encoder's outputs, but topology '{0}' has no decoder; remove [Attention] or use EncoderDecoder");

    public static readonly DiagnosticDescriptor FeedBackNeedsOneToMany = Error("SEQ0111",
        "FeedBack applies only to OneToMany",
        "FeedBack feeds each output back as the next step's input, which only a OneToMany model can do (topology is '{0}'; an EncoderDecoder's decoder always feeds back); remove FeedBack");

    public static readonly DiagnosticDescriptor FeedBackSizeMismatch = Error("SEQ0112",
        "FeedBack needs InputSize equal to OutputSize",
        "FeedBack feeds each output back as the next input, so InputSize ({0}) must equal OutputSize ({1})");

    public static readonly DiagnosticDescriptor FeedBackWithBidirectional = Error("SEQ0113",
        "FeedBack with a bidirectional layer",
        "FeedBack computes one step at a time, but layer {0} is bidirectional and its reverse direction needs the whole sequence; remove Bidirectional or FeedBack");

    public static readonly DiagnosticDescriptor TruncatedBpttOnEncoderDecoder = Error("SEQ0114",
        "TruncatedBptt on EncoderDecoder",
        "TruncatedBptt is {0}, but an EncoderDecoder's decoder starts from the whole encoded sequence and attends to all of it, so it cannot be cut into chunks; remove TruncatedBptt");

    public static readonly DiagnosticDescriptor HalfWeightsNeedSingle = Error("SEQ0115",
        "16-bit WeightStorage with Precision.Double",
        "WeightStorage.{0} keeps 16-bit copies of float weights for the streaming Step, but the model computes in double; remove WeightStorage or use Precision.Single");

    public static readonly DiagnosticDescriptor HalfWeightsNeedStep = Error("SEQ0116",
        "16-bit WeightStorage without a streaming Step",
        "WeightStorage.{0} applies only to the streaming Step: {1}; remove WeightStorage");

    public static readonly DiagnosticDescriptor HalfWeightsSkipLayer = Warning("SEQ0117",
        "Layer keeps single-precision weights",
        "WeightStorage.{0} stores the weights of {1} in 16 bits; the {2} will read float weights in Step");

    public static readonly DiagnosticDescriptor ProjectionSizeOutOfRange = Error("SEQ0201",
        "ProjectionSize out of range",
        "ProjectionSize is {0}, but a projection must be narrower than the cell: 1 to HiddenSize - 1 ({1}), or 0 for none");

    public static readonly DiagnosticDescriptor ProjectionOnDecoderInput = Error("SEQ0202",
        "Projected top layer of an EncoderDecoder",
        "The top encoder layer projects its hidden state to {0} values but keeps a cell state of {1}, so it cannot start a decoder of one width; move the projection to a lower layer or remove it");

    public static readonly DiagnosticDescriptor MergeModeNeedsBidirectional = Error("SEQ0203",
        "MergeMode needs Bidirectional",
        "MergeMode is {0}, but the cell is not bidirectional, so there is nothing to merge; remove MergeMode or set Bidirectional = true");

    public static readonly DiagnosticDescriptor MergedTopOfEncoderDecoder = Error("SEQ0204",
        "Merged top layer of an EncoderDecoder",
        "The top encoder layer merges its directions ({0}), but the decoder starts from both directions' final states side by side; use MergeMode.Concat on the top layer");

    public static readonly DiagnosticDescriptor PeepholeWithCoupledGates = Error("SEQ0205",
        "Peephole with CoupledGates",
        "Peephole and CoupledGates are set on one LSTM, but peepholes into a coupled input gate are not supported; choose one");

    public static readonly DiagnosticDescriptor CellClipOutOfRange = Error("SEQ0206",
        "CellClip out of range",
        "CellClip must be a positive, finite bound on |c_t|, but is {0}; remove it for no clipping");

    public static readonly DiagnosticDescriptor LayerNormWithUnsupportedOption = Error("SEQ0207",
        "LayerNorm with an unsupported LSTM option",
        "LayerNorm is set together with {0}, which a layer-normalized LSTM does not support; remove one of them");

    public static readonly DiagnosticDescriptor LayerNormWithSingleBias = Error("SEQ0208",
        "LayerNorm with SingleBias",
        "A layer-normalized cell has no bias_ih or bias_hh (the LayerNorm biases take their place), so SingleBias has nothing to act on; remove it");

    public static readonly DiagnosticDescriptor LayerNormWithResetBefore = Error("SEQ0209",
        "LayerNorm on a reset-before GRU",
        "LayerNorm normalizes W_hh h as one 3H vector, but a reset-before GRU's n gate reads W_hn (r*h); use Variant = GruVariant.ResetAfter (the default) or remove LayerNorm");

    public static readonly DiagnosticDescriptor CellClipWithUnsupportedOption = Error("SEQ0210",
        "CellClip with an unsupported LSTM option",
        "CellClip is set together with {0}, which a clipped LSTM does not support; remove one of them");

    public static readonly DiagnosticDescriptor ModelTooLarge = Error("SEQ0301",
        "Model too large",
        "The model has {0} parameters and needs {1} values of workspace, more than an int can index; reduce sizes, layers or steps");

    public static readonly DiagnosticDescriptor OverBudget = Error("SEQ0302",
        "Model over its budget",
        "{0} is {1}, above the budget {2} = {3}");

    public static readonly DiagnosticDescriptor LargeWorkspace = Warning("SEQ0303",
        "Large workspace",
        "The model allocates {0} bytes of workspace (state and caches for backpropagation), above the warning threshold of {1} bytes; reduce Steps or sizes, or raise the MSBuild property SeqGenWorkspaceWarningBytes");

    public static readonly DiagnosticDescriptor TooManyLayers = Error("SEQ0304",
        "Too many layers",
        "The stack has {0} layers, but at most {1} are supported: each layer and direction becomes its own generated methods");

    public static readonly DiagnosticDescriptor BatchGradientsOverBudget = Info("SEQ0305",
        "Lockstep batch training left out to keep the budget",
        "ComputeBatchGradients is not generated: its workspace of {0} bytes, with WorkspaceBytes = {1}, would exceed MaxWorkspaceBytes = {2}; MiniBatch, Trainer and DataParallel train this model one sequence at a time");

    public static readonly DiagnosticDescriptor WeightsFileNotFound = Error("SEQ0401",
        "Weights file not found",
        "Weights file '{0}' is not an AdditionalFiles item of the project; add <AdditionalFiles Include=\"{0}\" />");

    public static readonly DiagnosticDescriptor WeightsFileUnreadable = Error("SEQ0402",
        "Weights file cannot be read",
        "Weights file '{0}' cannot be read: {1}");

    public static readonly DiagnosticDescriptor WeightsTensorMissing = Error("SEQ0403",
        "Weights file lacks a parameter",
        "Weights file '{0}' has no tensor '{1}' (shape {2}); it must hold every parameter of the model");

    public static readonly DiagnosticDescriptor WeightsTensorExtra = Error("SEQ0404",
        "Weights file has a tensor the model does not have",
        "Weights file '{0}' has a tensor '{1}', which is not a parameter of the model");

    public static readonly DiagnosticDescriptor WeightsTensorShape = Error("SEQ0405",
        "Weights tensor has the wrong shape",
        "Tensor '{1}' of weights file '{0}' has shape {2}, but the model's parameter has shape {3}");
    public static readonly DiagnosticDescriptor HopfieldNotPartial = Error("SEQ0501",
        "Hopfield class must be partial",
        "Class '{0}' has [Hopfield] but is not partial; add the partial modifier so SeqGen can add the generated members");

    public static readonly DiagnosticDescriptor HopfieldSizeOutOfRange = Error("SEQ0502",
        "Hopfield Size out of range",
        "Size must be from 2 to {1} (a Hopfield network needs at least two units, and Size x Size weights must fit an int index), but is {0}");

    public static readonly DiagnosticDescriptor HopfieldWithSequenceModel = Error("SEQ0503",
        "[Hopfield] and [SequenceModel] on one class",
        "Class '{0}' has both [Hopfield] and [SequenceModel]; they are separate model kinds, so declare them on two classes");

    public static readonly DiagnosticDescriptor TemporalConvChannelsOutOfRange = Error("SEQ0601",
        "TemporalConv Channels out of range",
        "Channels must be from 1 to {1}, but is {0}");

    public static readonly DiagnosticDescriptor TemporalConvKernelOutOfRange = Error("SEQ0602",
        "TemporalConv Kernel out of range",
        "Kernel must be from 1 to {1}, but is {0}");

    public static readonly DiagnosticDescriptor TemporalConvDilationsCount = Error("SEQ0603",
        "TemporalConv needs 1 to 32 dilations",
        "Dilations must list 1 to {1} dilations (one residual block each), but {0}");

    public static readonly DiagnosticDescriptor TemporalConvDilationOutOfRange = Error("SEQ0604",
        "TemporalConv dilation out of range",
        "Dilations[{1}] is {0}; each dilation must be from 1 to {2}");

    public static readonly DiagnosticDescriptor TemporalConvWithTruncatedBptt = Error("SEQ0605",
        "TemporalConv with TruncatedBptt",
        "TruncatedBptt = {0} cannot be combined with the [TemporalConv] layer {1}: a convolution's history is not a recurrent state that chunks could carry; remove TruncatedBptt");

    public static readonly DiagnosticDescriptor TemporalConvWithFeedBack = Error("SEQ0606",
        "TemporalConv with FeedBack",
        "FeedBack cannot be combined with the [TemporalConv] layer {0}: fed-back decoding runs the stack one step at a time from a recurrent state; remove FeedBack or the convolution");

    public static readonly DiagnosticDescriptor TemporalConvInEncoderDecoder = Error("SEQ0607",
        "TemporalConv in an EncoderDecoder",
        "An EncoderDecoder model cannot have the [TemporalConv] layer {0}: its decoder continues the encoder's recurrent state; use ManyToOne, ManyToMany or OneToMany");

    public static readonly DiagnosticDescriptor AttentionHeadsOutOfRange = Error("SEQ0701",
        "Attention Heads out of range",
        "Heads must be from 1 to the layer's input width {1} (layer {2}), but is {0}");

    public static readonly DiagnosticDescriptor AttentionHeadsDoNotDivideWidth = Error("SEQ0702",
        "Attention Heads does not divide the width",
        "Heads = {0} does not divide the input width {1} of layer {2}; each head takes width / Heads features, so choose a divisor of {1}");

    public static readonly DiagnosticDescriptor FeedForwardOutOfRange = Error("SEQ0703",
        "TransformerBlock FeedForward out of range",
        "FeedForward must be at least 1, but is {0}");

    public static readonly DiagnosticDescriptor TruncatedBpttWithAttention = Error("SEQ0704",
        "Truncated BPTT with an attention layer",
        "TruncatedBptt = {0} cannot apply: layer {1} is a {2}, which attends over the whole sequence at once; remove TruncatedBptt");

    public static readonly DiagnosticDescriptor AttentionLayerTopology = Error("SEQ0705",
        "Attention layer needs a ManyToOne or ManyToMany model",
        "A [{0}] layer needs a ManyToOne or ManyToMany model, but the model is {1}{2}; attention layers read a whole given input sequence");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new[]
    {
        NotPartial, ContainingTypeNotPartial, GenericModel, NoCell, StaticModel, NameCollision, ConflictingConstructor, MemberNameCollision,
        SizeTooSmall, UnknownEnumValue, CrossEntropyNeedsClasses, OutputStepsNotApplicable,
        TruncatedBpttOutOfRange, TruncatedBpttOnManyToOne, TruncatedBpttWithBidirectional,
        ProjectionSizeOutOfRange, ProjectionOnDecoderInput, MergeModeNeedsBidirectional, MergedTopOfEncoderDecoder, PeepholeWithCoupledGates,
        CellClipOutOfRange, LayerNormWithUnsupportedOption, LayerNormWithSingleBias, LayerNormWithResetBefore, CellClipWithUnsupportedOption,
        OutputStepsRequired, AttentionNeedsEncoderDecoder, FeedBackNeedsOneToMany, FeedBackSizeMismatch, FeedBackWithBidirectional, TruncatedBpttOnEncoderDecoder,
        HalfWeightsNeedSingle, HalfWeightsNeedStep, HalfWeightsSkipLayer,
        ModelTooLarge, OverBudget, LargeWorkspace, TooManyLayers, BatchGradientsOverBudget,
        WeightsFileNotFound, WeightsFileUnreadable, WeightsTensorMissing, WeightsTensorExtra, WeightsTensorShape,
        HopfieldNotPartial, HopfieldSizeOutOfRange, HopfieldWithSequenceModel,
        TemporalConvChannelsOutOfRange, TemporalConvKernelOutOfRange, TemporalConvDilationsCount, TemporalConvDilationOutOfRange,
        TemporalConvWithTruncatedBptt, TemporalConvWithFeedBack, TemporalConvInEncoderDecoder,
        AttentionHeadsOutOfRange, AttentionHeadsDoNotDivideWidth, FeedForwardOutOfRange, TruncatedBpttWithAttention, AttentionLayerTopology,
    }.ToDictionary(d => d.Id);

    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Info(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpRoot + id.ToLowerInvariant());
}
