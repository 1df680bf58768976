using SeqGen.Generator.Model;

namespace SeqGen.Generator.Parsing;

/// <summary>
/// Reads a <c>[TemporalConv]</c> attribute as a layer of the stack: a <see cref="CellDeclaration"/>
/// of <see cref="LayerKind.TemporalConv"/> (one layer, its Channels as the width) carrying its own arguments.
/// </summary>
internal static class TemporalConvDeclarationParser
{
    public const string AttributeName = "SeqGen.TemporalConvAttribute";

    public static CellDeclaration Read(AttributeArguments arguments)
    {
        var conv = new TemporalConvDeclaration(
            arguments.Named("Channels", 0),
            arguments.Named("Kernel", 2),
            arguments.NamedIntArray("Dilations"));
        return new CellDeclaration(
            CellKind.Rnn,
            arguments.Location,
            conv.Channels,
            ArgumentValue.Default(1),
            ArgumentValue.Default(0),
            ArgumentValue.Default(0),
            ArgumentValue.Default(0),
            Layer: LayerKind.TemporalConv,
            TemporalConv: conv);
    }
}
