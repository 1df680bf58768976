using System;
using System.Text;

namespace SeqGen.Generator.Emit;

/// <summary>Writes C# line by line with indentation; <see cref="Block"/> opens a brace scope.</summary>
internal sealed class IndentedWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _depth;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            for (int i = 0; i < _depth; i++)
            {
                _builder.Append(IndentUnit);
            }
            _builder.Append(text);
        }
        _builder.Append('\n');
    }

    /// <summary>A one-line comment saying what the next statements compute.</summary>
    public void Comment(string text) => Line("// " + text);

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until disposed.</summary>
    public Scope Block(string header, string closing = "}")
    {
        Line(header);
        Line("{");
        _depth++;
        return new Scope(this, closing);
    }

    /// <summary>An XML doc summary of one line.</summary>
    public void Summary(string text) => Line($"/// <summary>{text}</summary>");

    public override string ToString() => _builder.ToString();

    internal readonly struct Scope : IDisposable
    {
        private readonly IndentedWriter _writer;
        private readonly string _closing;

        public Scope(IndentedWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            _writer._depth--;
            _writer.Line(_closing);
        }
    }
}
