using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Parsing;

/// <summary>Turns a <c>[Hopfield]</c> class into a <see cref="HopfieldDeclaration"/> of plain values.</summary>
internal static class HopfieldDeclarationParser
{
    public const string HopfieldAttribute = "SeqGen.HopfieldAttribute";

    /// <summary>The default of <c>HopfieldAttribute.MaxIterations</c>.</summary>
    public const int DefaultMaxIterations = 100;

    /// <summary>Returns null when the attribute did not bind: the compiler already reports that.</summary>
    public static HopfieldDeclaration? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not ClassDeclarationSyntax node)
        {
            return null;
        }
        // [Hopfield] on two partial parts is CS0579; both parts would name the same file.
        if (type.GetAttributes().Count(a => a.AttributeClass?.ToDisplayString() == HopfieldAttribute) > 1)
        {
            return null;
        }
        var arguments = new AttributeArguments(context.Attributes[0], cancellationToken);
        var declaration = new HopfieldDeclaration(
            ModelDeclarationParser.ReadType(type, node),
            arguments.Location,
            arguments.Named("Size", 0),
            arguments.Named("MaxIterations", DefaultMaxIterations),
            type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ModelDeclarationParser.SequenceModelAttribute));
        return arguments.HasErrors ? null : declaration;
    }
}
