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
/// SEQ0001 and SEQ0501 (model or Hopfield class not partial) and SEQ0002 (containing type not partial), all reported on
/// the type's name: inserts <c>partial </c> right before the <c>class</c>/<c>struct</c>/<c>record</c>
/// keyword, where C# requires it. The edit is a text insertion, so every other modifier, attribute,
/// comment and line break stays as written.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix)), Shared]
public sealed class AddPartialCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix, shared by both IDs so Fix All covers both.</summary>
    public const string EquivalenceKey = "SeqGen.AddPartial";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SEQ0001", "SEQ0002", "SEQ0501");

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
            TypeDeclarationSyntax? type = FindType(root, diagnostic.Location.SourceSpan);
            if (type is null)
            {
                continue;
            }
            string name = type.Identifier.ValueText;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make '{name}' partial",
                    ct => AddPartialAsync(context.Document, diagnostic.Location.SourceSpan, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The type declaration whose name is at <paramref name="span"/>, unless it is already partial.</summary>
    private static TypeDeclarationSyntax? FindType(SyntaxNode root, TextSpan span)
    {
        if (!root.FullSpan.Contains(span))
        {
            return null;
        }
        SyntaxToken identifier = root.FindToken(span.Start);
        return identifier.Parent is TypeDeclarationSyntax type
            && type.Identifier == identifier
            && identifier.Span == span
            && !type.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword)
                ? type
                : null;
    }

    private static async Task<Document> AddPartialAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        TypeDeclarationSyntax? type = root is null ? null : FindType(root, span);
        if (type is null)
        {
            return document;
        }
        // For `record struct` the keyword is `record`, so this also lands in the right place.
        SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        return document.WithText(text.WithChanges(new TextChange(new TextSpan(type.Keyword.SpanStart, 0), "partial ")));
    }
}
