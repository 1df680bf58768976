using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SeqGen.CodeFixes;

/// <summary>
/// Diagnostics reported on an attribute argument that does not belong there: SEQ0105 (OutputSteps
/// on a topology other than EncoderDecoder), SEQ0107 (TruncatedBptt on ManyToOne) and SEQ0108
/// (TruncatedBptt with a bidirectional layer). Removes the argument with the comma before it (or,
/// for a first argument, the comma and spacing after it), leaving the rest of the text untouched.
/// </summary>
/// <remarks>
/// A later argument always takes the comma before it, so removing several arguments of one
/// attribute (Fix All) gives edits that do not overlap unless the first argument is one of them.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveArgumentCodeFix)), Shared]
public sealed class RemoveArgumentCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, shared by all its IDs so Fix All covers them.</summary>
    public const string EquivalenceKey = "SeqGen.RemoveArgument";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SEQ0105", "SEQ0107", "SEQ0108");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            AttributeArgumentSyntax? argument = FindArgument(root, diagnostic.Location.SourceSpan);
            if (argument is null)
            {
                continue;
            }
            string name = argument.NameEquals?.Name.Identifier.ValueText ?? argument.ToString();
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Remove {name}",
                    ct => RemoveAsync(context.Document, diagnostic.Location.SourceSpan, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The attribute argument that spans exactly <paramref name="span"/>.</summary>
    private static AttributeArgumentSyntax? FindArgument(SyntaxNode root, TextSpan span)
    {
        if (!root.FullSpan.Contains(span))
        {
            return null;
        }
        return root.FindNode(span).FirstAncestorOrSelf<AttributeArgumentSyntax>() is { } argument
            && argument.Span == span
            && argument.Parent is AttributeArgumentListSyntax
                ? argument
                : null;
    }

    private static async Task<Document> RemoveAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        AttributeArgumentSyntax? argument = root is null ? null : FindArgument(root, span);
        if (argument is null)
        {
            return document;
        }
        var list = (AttributeArgumentListSyntax)argument.Parent!;
        SeparatedSyntaxList<AttributeArgumentSyntax> arguments = list.Arguments;
        int index = arguments.IndexOf(argument);
        TextSpan removed =
            arguments.Count == 1 ? list.Span                                                                  // [A(x)] -> [A]
            : index > 0 ? TextSpan.FromBounds(arguments.GetSeparator(index - 1).SpanStart, argument.Span.End) // a, x, b -> a, b
            : TextSpan.FromBounds(argument.SpanStart, arguments[1].SpanStart);                                // x, a -> a
        SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(new TextChange(removed, string.Empty)));
    }
}
