using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Parsing;

/// <summary>
/// Reads one attribute's arguments as <see cref="ArgumentValue"/>s: the bound value from
/// <see cref="AttributeData"/> and the location of the argument as written in source.
/// </summary>
internal sealed class AttributeArguments
{
    private readonly AttributeData _data;
    private readonly AttributeSyntax? _syntax;

    public AttributeArguments(AttributeData data, CancellationToken cancellationToken)
    {
        _data = data;
        _syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        HasErrors = data.AttributeConstructor is null
            || data.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
            || data.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error)
            // a named argument the attribute does not have ([Lstm(3, Variant = ...)]) is left out of NamedArguments
            || (_syntax?.ArgumentList?.Arguments.Count(a => a.NameEquals is not null) ?? 0) != data.NamedArguments.Length;
    }

    /// <summary>The attribute did not bind (wrong types, missing arguments): the compiler reports it.</summary>
    public bool HasErrors { get; private set; }

    public LocationInfo? Location => LocationInfo.From(_syntax);

    public ArgumentValue Positional(int index)
    {
        if (index >= _data.ConstructorArguments.Length)
        {
            HasErrors = true;
            return ArgumentValue.Default(0);
        }
        AttributeArgumentSyntax? syntax = _syntax?.ArgumentList?.Arguments
            .Where(a => a.NameEquals is null && a.NameColon is null)
            .ElementAtOrDefault(index);
        return Read(_data.ConstructorArguments[index], LocationInfo.From(syntax) ?? Location);
    }

    public ArgumentValue Named(string name, int defaultValue)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == name)
            {
                AttributeArgumentSyntax? syntax = _syntax?.ArgumentList?.Arguments
                    .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
                return Read(pair.Value, LocationInfo.From(syntax) ?? Location);
            }
        }
        return ArgumentValue.Default(defaultValue);
    }

    /// <summary>A string argument; null when it is not written or is null.</summary>
    public StringArgument? NamedString(string name)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Value is string value)
            {
                AttributeArgumentSyntax? syntax = _syntax?.ArgumentList?.Arguments
                    .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
                return new StringArgument(value, LocationInfo.From(syntax) ?? Location);
            }
        }
        return null;
    }

    /// <summary>A float or double argument; null when it is not written.</summary>
    public DoubleArgument? NamedDouble(string name)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == name)
            {
                double? value = pair.Value.Value switch { double d => d, float f => f, int i => i, _ => null };
                if (value is null)
                {
                    HasErrors = true;
                    return null;
                }
                return new DoubleArgument(value.Value, NamedLocation(name));
            }
        }
        return null;
    }

    /// <summary>An <c>int[]</c> argument; null when it is not written or is null.</summary>
    public IntArrayArgument? NamedIntArray(string name)
    {
        foreach (var pair in _data.NamedArguments)
        {
            if (pair.Key == name && pair.Value.Kind == TypedConstantKind.Array && !pair.Value.IsNull)
            {
                int[] values = pair.Value.Values.Select(v => v.Value is int i ? i : 0).ToArray();
                return new IntArrayArgument(new EquatableArray<int>(values), NamedLocation(name));
            }
        }
        return null;
    }

    private LocationInfo? NamedLocation(string name) =>
        LocationInfo.From(_syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)) ?? Location;

    private ArgumentValue Read(TypedConstant constant, LocationInfo? location)
    {
        switch (constant.Value)
        {
            case int i:
                return new ArgumentValue(i, true, location);
            case bool b:
                return new ArgumentValue(b ? 1 : 0, true, location);
            default:
                HasErrors = true;
                return new ArgumentValue(0, true, location);
        }
    }
}
