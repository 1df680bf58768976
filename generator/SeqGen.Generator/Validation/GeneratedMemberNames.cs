using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace SeqGen.Generator.Validation;

/// <summary>
/// Names the generated class declares: a model class of the same name would not compile (CS0542,
/// a member cannot share its type's name), so it is a diagnostic instead.
/// </summary>
internal static class GeneratedMemberNames
{
    private static readonly HashSet<string> s_fixed = new()
    {
        "InputSize", "Steps", "OutputSize", "OutputSteps", "ParameterCount", "InputLength", "OutputLength",
        "StateLength", "CellStateLength", "WorkspaceBytes", "MultiplyAddsPerStep", "TruncatedBptt", "ChunkLength",
        "ValidateInputs", "Parameters", "Gradients", "Outputs", "InputGradient", "ChunkLosses",
        "InitialHidden", "FinalHidden", "InitialHiddenGradient", "InitialCell", "FinalCell", "InitialCellGradient",
        "ZeroGradients", "ParameterTable", "ParameterIndex", "SetParameter", "GetParameter", "GetGradient",
        "InitializeParameters", "Forward", "ComputeGradients", "Step", "ResetState", "CheckInput", "SequenceOf",
        "BeginSequence", "ForwardChunk", "ForwardSteps", "BackwardChunk", "ForwardHead", "BackwardHead", "ChunkLoss",
        "ForwardLayers", "StepLayers", "AttentionWeights", "Generate", "Decode", "TeacherForce", "PrepareAttention",
        "PrepareAttentionBackward", "Attend", "AttendBackward", "LayerParameterCounts", "HeadParameterCount", "CheckTargets", "RealSteps",
        "LoadEmbeddedWeights", "RefreshHalfWeights", "ComputeBatchGradients", "ForwardBatch", "BatchWorkspaceBytes",
    };

    // Per-layer methods (ForwardLayer0Reverse, StepDecoderForward, InferLayer1Forward; ForwardLayer1 of an attention layer; ResetLayer2Conv)
    // and private fields (_outputs, s_parameterOffsets).
    private static readonly Regex s_pattern = new(@"^((Forward|Backward|Step|Infer)(Layer\d+|Decoder)(Forward|Reverse)?|(Forward|Backward|Step|Reset)Layer\d+Conv|_.*|s_.*)$");

    public static bool Contains(string name) => s_fixed.Contains(name) || s_pattern.IsMatch(name);
}
