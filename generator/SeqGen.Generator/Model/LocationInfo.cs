using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SeqGen.Generator.Model;

/// <summary>
/// A source location as plain values: a <see cref="Location"/> holds its syntax tree alive and
/// defeats caching, so models keep this and rebuild the location only to report a diagnostic.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(SyntaxNode? node) => From(node?.GetLocation());

    public static LocationInfo? From(Location? location) =>
        location?.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
