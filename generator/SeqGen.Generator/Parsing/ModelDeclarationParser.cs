using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Parsing;

/// <summary>
/// Turns the attributes on one class into a <see cref="ModelDeclaration"/>: plain values and
/// locations, nothing that keeps a compilation alive.
/// </summary>
internal static class ModelDeclarationParser
{
    public const string SequenceModelAttribute = "SeqGen.SequenceModelAttribute";
    private const string RnnAttribute = "SeqGen.RnnAttribute";
    private const string LstmAttribute = "SeqGen.LstmAttribute";
    private const string GruAttribute = "SeqGen.GruAttribute";
    private const string BudgetAttribute = "SeqGen.BudgetAttribute";
    private const string AttentionAttribute = "SeqGen.AttentionAttribute";
    private const string SelfAttentionAttribute = "SeqGen.SelfAttentionAttribute";
    private const string TransformerBlockAttribute = "SeqGen.TransformerBlockAttribute";

    /// <summary>Returns null when an attribute did not bind: the compiler already reports that.</summary>
    public static ModelDeclaration? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not ClassDeclarationSyntax node)
        {
            return null;
        }
        // [SequenceModel] on two partial parts is CS0579; both parts would name the same file.
        if (type.GetAttributes().Count(a => a.AttributeClass?.ToDisplayString() == SequenceModelAttribute) > 1)
        {
            return null;
        }
        var model = new AttributeArguments(context.Attributes[0], cancellationToken);
        ArgumentValue topology = model.Positional(0);
        var declaration = new ModelDeclaration(
            ReadType(type, node),
            model.Location,
            topology,
            model.Named("InputSize", 0),
            model.Named("Steps", 0),
            model.Named("OutputSize", 0),
            model.Named("OutputSteps", 0),
            model.Named("Loss", 0),
            model.Named("Precision", 0),
            model.Named("TruncatedBptt", 0),
            ReadCells(type, cancellationToken, out bool cellErrors).ToEquatableArray(),
            ReadBudget(type, cancellationToken, out bool budgetErrors),
            model.Named("FeedBack", 0),
            ReadAttention(type, cancellationToken, out bool attentionErrors),
            model.NamedString("Weights"),
            model.Named("WeightStorage", 0));
        return model.HasErrors || cellErrors || budgetErrors || attentionErrors ? null : declaration;
    }

    private static List<CellDeclaration> ReadCells(INamedTypeSymbol type, CancellationToken cancellationToken, out bool hasErrors)
    {
        hasErrors = false;
        var cells = new List<CellDeclaration>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            CellKind? kind = attribute.AttributeClass?.ToDisplayString() switch
            {
                RnnAttribute => CellKind.Rnn,
                LstmAttribute => CellKind.Lstm,
                GruAttribute => CellKind.Gru,
                _ => null,
            };
            if (attribute.AttributeClass?.ToDisplayString() == TemporalConvDeclarationParser.AttributeName)
            {
                var convArguments = new AttributeArguments(attribute, cancellationToken);
                cells.Add(TemporalConvDeclarationParser.Read(convArguments));
                hasErrors |= convArguments.HasErrors;
                continue;
            }
            if (kind is null)
            {
                if (AttentionLayerParser.Read(attribute, cancellationToken, SelfAttentionAttribute, TransformerBlockAttribute) is { } layer)
                {
                    cells.Add(layer.Declaration);
                    hasErrors |= layer.HasErrors;
                }
                continue;
            }
            var arguments = new AttributeArguments(attribute, cancellationToken);
            cells.Add(new CellDeclaration(
                kind.Value,
                arguments.Location,
                arguments.Positional(0),
                arguments.Named("Layers", 1),
                arguments.Named("Bidirectional", 0),
                arguments.Named("Activation", 0),
                arguments.Named("Variant", 0),
                arguments.Named("SingleBias", 0),
                arguments.Named("ProjectionSize", 0),
                arguments.Named("MergeMode", 0),
                arguments.Named("Peephole", 0),
                arguments.Named("CoupledGates", 0),
                LayerNorm: arguments.Named("LayerNorm", 0),
                CellClip: arguments.NamedDouble("CellClip")));
            hasErrors |= arguments.HasErrors;
        }
        return cells;
    }

    private static BudgetDeclaration? ReadBudget(INamedTypeSymbol type, CancellationToken cancellationToken, out bool hasErrors)
    {
        hasErrors = false;
        AttributeData? attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == BudgetAttribute);
        if (attribute is null)
        {
            return null;
        }
        var arguments = new AttributeArguments(attribute, cancellationToken);
        var budget = new BudgetDeclaration(
            arguments.Named("MaxParameters", 0),
            arguments.Named("MaxWorkspaceBytes", 0),
            arguments.Named("MaxMultiplyAddsPerStep", 0));
        hasErrors = arguments.HasErrors;
        return budget;
    }

    private static AttentionDeclaration? ReadAttention(INamedTypeSymbol type, CancellationToken cancellationToken, out bool hasErrors)
    {
        hasErrors = false;
        AttributeData? attribute = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == AttentionAttribute);
        if (attribute is null)
        {
            return null;
        }
        var arguments = new AttributeArguments(attribute, cancellationToken);
        var attention = new AttentionDeclaration(arguments.Location, arguments.Positional(0), arguments.Named("Hard", 0));
        hasErrors = arguments.HasErrors;
        return attention;
    }

    /// <summary>The class as values; also read by <see cref="HopfieldDeclarationParser"/>.</summary>
    internal static TypeDeclaration ReadType(INamedTypeSymbol type, ClassDeclarationSyntax node)
    {
        var containing = new List<ContainingType>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, new ContainingType(
                Keyword(outer),
                outer.TypeParameters.Length == 0
                    ? Escape(outer.Name)
                    : $"{Escape(outer.Name)}<{string.Join(", ", outer.TypeParameters.Select(p => Escape(p.Name)))}>",
                IsPartial(outer),
                LocationInfo.From(outer.Locations.FirstOrDefault())));
        }
        string? namespaceName = type.ContainingNamespace is { IsGlobalNamespace: false } ns
            ? string.Join(".", NamespaceParts(ns).Select(Escape))
            : null;
        return new TypeDeclaration(
            namespaceName,
            type.Name,
            Escape(type.Name),
            MetadataName(type),
            Accessibility(type.DeclaredAccessibility),
            node.Modifiers.Any(SyntaxKind.PartialKeyword),
            // its own type parameters only: IsGenericType is also true inside a generic containing type
            type.TypeParameters.Length > 0,
            type.IsStatic,
            LocationInfo.From(node.Identifier.GetLocation()),
            containing.ToEquatableArray(),
            HasConflictingConstructor: node.ParameterList is not null || type.InstanceConstructors.Any(c =>
                !c.IsImplicitlyDeclared
                && (c.Parameters.Length == 0 || (c.Parameters.Length == 1 && c.Parameters[0].Type.SpecialType == SpecialType.System_Int64))),
            CollidingMembers: type.GetMembers()
                .Where(m => !m.IsImplicitlyDeclared && Validation.GeneratedMemberNames.Contains(m.Name))
                .Select(m => new NamedLocation(m.Name, LocationInfo.From(m.Locations.FirstOrDefault())))
                .ToEquatableArray());
    }

    /// <summary>An identifier as code: a reserved keyword gets '@'.</summary>
    private static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static IEnumerable<string> NamespaceParts(INamespaceSymbol ns)
    {
        var parts = new Stack<string>();
        for (INamespaceSymbol? n = ns; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace)
        {
            parts.Push(n.Name);
        }
        return parts;
    }

    /// <summary>Namespace.Outer`1+Inner: unique per type, so it can name the generated file.</summary>
    private static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? string.Join(".", NamespaceParts(ns)) + "." + name : name;
    }

    private static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.All(r =>
            r.GetSyntax() is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Private => "private",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "internal",
    };
}
