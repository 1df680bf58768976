using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SeqGen.Generator.Diagnostics;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Validation;

/// <summary>
/// Checks a <see cref="ModelDeclaration"/> against what SeqGen can build and, when nothing is
/// wrong, builds the <see cref="ModelDescriptor"/> the emitters consume. Every problem found is
/// reported (not only the first), each on the argument that caused it.
/// </summary>
internal static class ModelValidator
{
    /// <summary>The default of the MSBuild property SeqGenWorkspaceWarningBytes: 256 MiB.</summary>
    public const long DefaultWorkspaceWarningBytes = 256L * 1024 * 1024;

    /// <summary>The generated code grows by a few hundred lines per layer and direction; this keeps it bounded.</summary>
    public const int MaxLayers = 64;

    public static ValidationResult Validate(ModelDeclaration declaration, long workspaceWarningBytes = DefaultWorkspaceWarningBytes, Weights.WeightsLookup? weights = null)
    {
        var diagnostics = new List<DiagnosticInfo>();
        void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo? location, params object[] args) =>
            diagnostics.Add(new DiagnosticInfo(descriptor.Id, location ?? declaration.AttributeLocation,
                args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToEquatableArray()));

        CheckType(declaration.Type, Report);
        CheckWeightsFile(declaration.Weights, weights, Report);
        CheckModelArguments(declaration, Report);
        foreach (CellDeclaration cell in declaration.Cells.Where(c => c.Layer is LayerKind.Recurrent or LayerKind.TemporalConv))
        {
            if (cell.Layer == LayerKind.TemporalConv)
            {
                TemporalConvValidator.CheckLayer(cell, (d, l, a) => Report(d, l, a));
                continue;
            }
            CheckCell(cell, Report);
        }
        AttentionLayerValidator.Check(declaration, (descriptor, location, args) => Report(descriptor, location, args));
        TemporalConvValidator.CheckModel(declaration, (d, l, a) => Report(d, l, a));
        if (declaration.Cells.Count == 0)
        {
            Report(DiagnosticDescriptors.NoCell, declaration.AttributeLocation, declaration.Type.Name);
        }
        // warnings (SEQ0117) must not switch the size checks off: only errors do
        if (!diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
        {
            ModelSize size = ModelSize.Estimate(declaration);
            long layers = declaration.Cells.Sum(c => (long)c.Layers.Value);
            if (!size.ExceedsIntRange && layers > MaxLayers)
            {
                Report(DiagnosticDescriptors.TooManyLayers, declaration.AttributeLocation, layers, MaxLayers);
            }
            if (size.ExceedsIntRange)
            {
                Report(DiagnosticDescriptors.ModelTooLarge, declaration.AttributeLocation, size.Parameters.ToString("G4", CultureInfo.InvariantCulture), size.Workspace.ToString("G4", CultureInfo.InvariantCulture));
            }
        }
        bool hasErrors = diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        if (!hasErrors)
        {
            WarnAboutTruncationOfBidirectionalLayers(declaration, Report);
        }
        ModelDescriptor? model = hasErrors ? null : ModelDescriptorBuilder.Build(declaration);
        if (model is not null)
        {
            CheckBudget(declaration.Budget, model, Report);
            model = KeepBatchWorkspaceInBudget(declaration.Budget, model, Report);
            if (declaration.Weights is not null && weights?.File is { Error: null } file)
            {
                var problems = new List<Weights.EmbeddedWeightsBuilder.Problem>();
                Weights.EmbeddedWeights? embedded = Weights.EmbeddedWeightsBuilder.Build(model, file, problems);
                foreach (Weights.EmbeddedWeightsBuilder.Problem problem in problems)
                {
                    Report(DiagnosticDescriptors.ById(problem.Id), declaration.Weights.Location, problem.Arguments);
                }
                model = model with { EmbeddedWeights = embedded };
            }
            long workspaceBytes = WorkspacePlan.Bytes(model);
            if (workspaceBytes > workspaceWarningBytes)
            {
                Report(DiagnosticDescriptors.LargeWorkspace, declaration.AttributeLocation, workspaceBytes, workspaceWarningBytes);
            }
            if (diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
            {
                model = null;
            }
        }
        return new ValidationResult(model, diagnostics.ToEquatableArray());
    }

    private delegate void Reporter(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, LocationInfo? location, params object[] args);

    /// <summary>A Weights argument names a file the project passes and the generator could read; its tensors are checked once the model is built.</summary>
    private static void CheckWeightsFile(StringArgument? requested, Weights.WeightsLookup? lookup, Reporter report)
    {
        if (requested is null)
        {
            return;
        }
        if (lookup?.File is null)
        {
            report(DiagnosticDescriptors.WeightsFileNotFound, requested.Location, requested.Value);
        }
        else if (lookup.File.Error is not null)
        {
            report(DiagnosticDescriptors.WeightsFileUnreadable, requested.Location, requested.Value, lookup.File.Error);
        }
    }

    private static void CheckType(TypeDeclaration type, Reporter report)
    {
        if (!type.IsPartial)
        {
            report(DiagnosticDescriptors.NotPartial, type.NameLocation, type.Name);
        }
        foreach (ContainingType outer in type.ContainingTypes.Where(t => !t.IsPartial))
        {
            report(DiagnosticDescriptors.ContainingTypeNotPartial, outer.Location, outer.Name, type.Name);
        }
        if (type.IsGeneric)
        {
            report(DiagnosticDescriptors.GenericModel, type.NameLocation, type.Name);
        }
        if (type.IsStatic)
        {
            report(DiagnosticDescriptors.StaticModel, type.NameLocation, type.Name);
        }
        if (GeneratedMemberNames.Contains(type.Name))
        {
            report(DiagnosticDescriptors.NameCollision, type.NameLocation, type.Name);
        }
        if (type.HasConflictingConstructor)
        {
            report(DiagnosticDescriptors.ConflictingConstructor, type.NameLocation, type.Name);
        }
        foreach (NamedLocation member in type.CollidingMembers)
        {
            report(DiagnosticDescriptors.MemberNameCollision, member.Location ?? type.NameLocation, member.Name, type.Name);
        }
    }

    private static void CheckModelArguments(ModelDeclaration d, Reporter report)
    {
        bool topologyKnown = CheckEnum(d.Topology, "Topology", "Topology", 3, report);
        CheckEnum(d.Loss, "Loss", "LossKind", 1, report);
        CheckEnum(d.Precision, "Precision", "Precision", 1, report);
        CheckAtLeastOne(d.InputSize, "InputSize", report);
        bool stepsValid = CheckAtLeastOne(d.Steps, "Steps", report);
        bool outputValid = CheckAtLeastOne(d.OutputSize, "OutputSize", report);
        if (outputValid && d.Loss.Value == (int)LossFunction.CrossEntropy && d.OutputSize.Value < 2)
        {
            report(DiagnosticDescriptors.CrossEntropyNeedsClasses, d.OutputSize.Location, d.OutputSize.Value);
        }
        var topology = (TopologyKind)d.Topology.Value;
        if (topologyKnown && d.OutputSteps.IsSet && topology != TopologyKind.EncoderDecoder)
        {
            string implied = topology == TopologyKind.ManyToOne ? "1" : "Steps";
            report(DiagnosticDescriptors.OutputStepsNotApplicable, d.OutputSteps.Location, d.OutputSteps.Value, topology, implied);
        }
        if (topologyKnown && topology == TopologyKind.EncoderDecoder)
        {
            if (!d.OutputSteps.IsSet)
            {
                report(DiagnosticDescriptors.OutputStepsRequired, d.Topology.Location);
            }
            else
            {
                CheckAtLeastOne(d.OutputSteps, "OutputSteps", report);
            }
        }
        if (d.Attention is not null)
        {
            CheckEnum(d.Attention.Kind, "Kind", "AttentionKind", 3, report);
            if (topologyKnown && topology != TopologyKind.EncoderDecoder)
            {
                report(DiagnosticDescriptors.AttentionNeedsEncoderDecoder, d.Attention.AttributeLocation, topology);
            }
        }
        CheckFeedBack(d, topologyKnown ? topology : null, report);
        CheckWeightStorage(d, topologyKnown ? topology : null, report);
        if (topologyKnown && topology == TopologyKind.EncoderDecoder && d.Cells.Count > 0
            && d.Cells[d.Cells.Count - 1] is { ProjectionSize.Value: > 0 } top)
        {
            report(DiagnosticDescriptors.ProjectionOnDecoderInput, top.ProjectionSize.Location, top.ProjectionSize.Value, top.HiddenSize.Value);
        }
        if (topologyKnown && topology == TopologyKind.EncoderDecoder && d.Cells.Count > 0
            && d.Cells[d.Cells.Count - 1] is { MergeMode.Value: >= 1 and <= 3, Bidirectional.Value: not 0 } mergedTop)
        {
            report(DiagnosticDescriptors.MergedTopOfEncoderDecoder, mergedTop.MergeMode.Location, (MergeModeName)mergedTop.MergeMode.Value);
        }
        if (d.TruncatedBptt.IsSet && topologyKnown)
        {
            if (topology == TopologyKind.EncoderDecoder)
            {
                report(DiagnosticDescriptors.TruncatedBpttOnEncoderDecoder, d.TruncatedBptt.Location, d.TruncatedBptt.Value);
            }
            else if (topology == TopologyKind.ManyToOne)
            {
                report(DiagnosticDescriptors.TruncatedBpttOnManyToOne, d.TruncatedBptt.Location, d.TruncatedBptt.Value);
            }
            else if (stepsValid && (d.TruncatedBptt.Value < 1 || d.TruncatedBptt.Value >= d.Steps.Value))
            {
                report(DiagnosticDescriptors.TruncatedBpttOutOfRange, d.TruncatedBptt.Location, d.TruncatedBptt.Value, d.Steps.Value);
            }
        }
    }

    /// <summary>WeightStorage.Half or BFloat16: a Single precision model with a streaming Step; layers that keep float weights get a warning.</summary>
    private static void CheckWeightStorage(ModelDeclaration d, TopologyKind? topology, Reporter report)
    {
        if (!CheckEnum(d.WeightStorage, "WeightStorage", "WeightStorage", 2, report) || d.WeightStorage.Value == 0)
        {
            return;
        }
        string storage = d.WeightStorage.Value == 1 ? "Half" : "BFloat16";
        if (d.Precision.Value == 1)
        {
            report(DiagnosticDescriptors.HalfWeightsNeedSingle, d.WeightStorage.Location, storage);
            return;
        }
        CellDeclaration? bidirectional = d.Cells.FirstOrDefault(c => c.Bidirectional.Value != 0);
        bool attention = d.Cells.Any(c => c.Layer is LayerKind.SelfAttention or LayerKind.TransformerBlock);
        if (topology == TopologyKind.EncoderDecoder || bidirectional is not null || attention || d.FeedBack.Value != 0)
        {
            // a FeedBack model's Forward and Generate run the step methods too, which would then read half weights
            report(DiagnosticDescriptors.HalfWeightsNeedStep, d.WeightStorage.Location, storage,
                topology == TopologyKind.EncoderDecoder ? "an EncoderDecoder has no Step"
                : bidirectional is not null ? "a model with a bidirectional layer has no Step"
                : attention ? "a model with an attention layer has no Step"
                : "a FeedBack model's Forward and Generate run the same step methods, and they stay in full precision");
            return;
        }
        int layer = 0;
        foreach (CellDeclaration cell in d.Cells)
        {
            int layers = Math.Max(1, cell.Layers.IsSet ? cell.Layers.Value : 1);
            bool layerNorm = cell.LayerNorm.Value != 0;
            bool conv = cell.Layer == LayerKind.TemporalConv;
            // with BFloat16, a reset-after GRU of H a multiple of 16 with both biases runs in gate blocks (ModelDescriptor.UsesGateBlocks)
            bool gruInGateBlocks = storage == "BFloat16" && cell.Variant.Value != 1 && cell.SingleBias.Value == 0 && cell.HiddenSize.Value % 16 == 0;
            if (conv || (cell.Layer == LayerKind.Recurrent && ((cell.Kind == CellKind.Gru && !gruInGateBlocks) || layerNorm)))
            {
                string kind = conv ? "temporal convolution" : (layerNorm ? "layer-normalized " : "") + (cell.Kind == CellKind.Gru ? "GRU" : "LSTM");
                report(DiagnosticDescriptors.HalfWeightsSkipLayer, cell.AttributeLocation ?? d.WeightStorage.Location, storage,
                    storage == "BFloat16"
                        ? "plain LSTM and RNN layers, and of reset-after GRU layers whose HiddenSize is a multiple of 16 with both biases,"
                        : "plain LSTM and RNN layers",
                    layers == 1 ? $"{kind} layer {layer}" : $"{kind} layers {layer}-{layer + layers - 1}");
            }
            layer += layers;
        }
    }

    private static void CheckFeedBack(ModelDeclaration d, TopologyKind? topology, Reporter report)
    {
        if (d.FeedBack.Value == 0 || topology is null)
        {
            return;
        }
        if (topology != TopologyKind.OneToMany)
        {
            report(DiagnosticDescriptors.FeedBackNeedsOneToMany, d.FeedBack.Location, topology);
            return;
        }
        if (d.InputSize.Value >= 1 && d.OutputSize.Value >= 1 && d.InputSize.Value != d.OutputSize.Value)
        {
            report(DiagnosticDescriptors.FeedBackSizeMismatch, d.InputSize.Location ?? d.FeedBack.Location, d.InputSize.Value, d.OutputSize.Value);
        }
        int layer = 0;
        foreach (CellDeclaration cell in d.Cells)
        {
            if (cell.Bidirectional.Value != 0)
            {
                report(DiagnosticDescriptors.FeedBackWithBidirectional, cell.Bidirectional.Location ?? d.FeedBack.Location, layer);
                return;
            }
            layer += cell.Layers.Value;
        }
    }

    /// <summary>Each limit of [Budget] against the exact figure the generated code will have.</summary>
    private static void CheckBudget(BudgetDeclaration? budget, ModelDescriptor model, Reporter report)
    {
        if (budget is null)
        {
            return;
        }
        void Check(ArgumentValue limit, string limitName, string figureName, long figure)
        {
            if (limit.IsSet && limit.Value < 0)
            {
                report(DiagnosticDescriptors.SizeTooSmall, limit.Location, limitName, limit.Value);
            }
            else if (limit.Value > 0 && figure > limit.Value)
            {
                report(DiagnosticDescriptors.OverBudget, limit.Location, figureName, figure, limitName, limit.Value);
            }
        }
        Check(budget.MaxParameters, "MaxParameters", "ParameterCount", model.ParameterCount);
        Check(budget.MaxWorkspaceBytes, "MaxWorkspaceBytes", "WorkspaceBytes", WorkspacePlan.Bytes(model));
        Check(budget.MaxMultiplyAddsPerStep, "MaxMultiplyAddsPerStep", "MultiplyAddsPerStep", model.MultiplyAddsPerStep);
    }

    /// <summary>
    /// The lockstep batch workspace is allocated on the first ComputeBatchGradients call, which the
    /// trainers make by themselves; under a MaxWorkspaceBytes it cannot fit beside WorkspaceBytes,
    /// the method is left out (SEQ0305, informational) and the model trains one sequence at a time.
    /// </summary>
    private static ModelDescriptor KeepBatchWorkspaceInBudget(BudgetDeclaration? budget, ModelDescriptor model, Reporter report)
    {
        if (budget is not { MaxWorkspaceBytes: { Value: > 0 } limit } || !model.HasBatchedGradients)
        {
            return model;
        }
        long workspace = WorkspacePlan.Bytes(model), batch = BatchWorkspace.Bytes(model);
        if (workspace + batch <= limit.Value)
        {
            return model;
        }
        report(DiagnosticDescriptors.BatchGradientsOverBudget, limit.Location, batch, workspace, limit.Value);
        return model with { OmitBatchedGradients = true };
    }

    private static void WarnAboutTruncationOfBidirectionalLayers(ModelDeclaration d, Reporter report)
    {
        if (!d.TruncatedBptt.IsSet)
        {
            return;
        }
        int layer = 0;
        foreach (CellDeclaration cell in d.Cells)
        {
            if (cell.Bidirectional.Value != 0)
            {
                report(DiagnosticDescriptors.TruncatedBpttWithBidirectional, d.TruncatedBptt.Location, d.TruncatedBptt.Value, layer);
                return;
            }
            layer += cell.Layers.Value;
        }
    }

    private static void CheckCell(CellDeclaration cell, Reporter report)
    {
        CheckAtLeastOne(cell.HiddenSize, "HiddenSize", report, cell.AttributeLocation);
        CheckAtLeastOne(cell.Layers, "Layers", report, cell.AttributeLocation);
        if (cell.Kind == CellKind.Rnn)
        {
            CheckEnum(cell.Activation, "Activation", "RnnActivation", 1, report);
        }
        if (cell.Kind == CellKind.Gru)
        {
            CheckEnum(cell.Variant, "Variant", "GruVariant", 1, report);
        }
        if (CheckEnum(cell.MergeMode, "MergeMode", "MergeMode", 3, report) && cell.MergeMode.Value != 0 && cell.Bidirectional.Value == 0)
        {
            report(DiagnosticDescriptors.MergeModeNeedsBidirectional, cell.MergeMode.Location, (MergeModeName)cell.MergeMode.Value);
        }
        CellOptionValidator.Check(cell, (descriptor, location, args) => report(descriptor, location, args));
        if (cell.Peephole.Value != 0 && cell.CoupledGates.Value != 0)
        {
            report(DiagnosticDescriptors.PeepholeWithCoupledGates, cell.CoupledGates.Location, cell.HiddenSize.Value);
        }
        if (cell.ProjectionSize.IsSet && cell.HiddenSize.Value >= 1
            && (cell.ProjectionSize.Value < 0 || cell.ProjectionSize.Value >= cell.HiddenSize.Value))
        {
            report(DiagnosticDescriptors.ProjectionSizeOutOfRange, cell.ProjectionSize.Location, cell.ProjectionSize.Value, cell.HiddenSize.Value - 1);
        }
    }

    /// <summary>Mirrors <c>SeqGen.MergeMode</c>, for messages.</summary>
    private enum MergeModeName
    {
        Concat = 0,
        Sum = 1,
        Average = 2,
        Multiply = 3,
    }

    private static bool CheckAtLeastOne(ArgumentValue value, string name, Reporter report, LocationInfo? fallback = null)
    {
        if (value.Value >= 1)
        {
            return true;
        }
        string shown = value.IsSet ? value.Value.ToString(CultureInfo.InvariantCulture) : "0 (not set)";
        report(DiagnosticDescriptors.SizeTooSmall, value.Location ?? fallback, name, shown);
        return false;
    }

    private static bool CheckEnum(ArgumentValue value, string name, string enumName, int max, Reporter report)
    {
        if (value.Value >= 0 && value.Value <= max)
        {
            return true;
        }
        report(DiagnosticDescriptors.UnknownEnumValue, value.Location, name, value.Value, enumName);
        return false;
    }
}
