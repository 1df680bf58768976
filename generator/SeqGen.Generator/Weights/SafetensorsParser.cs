using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SeqGen.Generator.Model;

namespace SeqGen.Generator.Weights;

/// <summary>
/// The build-time reader of a safetensors file (the runtime's is in src/SeqGen/Serialization; a
/// generator cannot reference it): an 8-byte little-endian header length, a JSON header
/// <c>{"name": {"dtype", "shape", "data_offsets"}, "__metadata__": {...}}</c>, then the data.
/// Accepts F16, BF16, F32 and F64; every problem is a <see cref="FormatException"/> whose message
/// completes "cannot be read: ...".
/// </summary>
internal static class SafetensorsParser
{
    public static List<WeightsTensor> Parse(byte[] bytes)
    {
        if (bytes.Length < 8)
        {
            throw new FormatException($"it has {bytes.Length} bytes, fewer than the 8-byte header length");
        }
        ulong headerLength = 0;
        for (int i = 7; i >= 0; i--)
        {
            headerLength = (headerLength << 8) | bytes[i];
        }
        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw new FormatException($"its header length {headerLength} reaches beyond the end of the file ({bytes.Length} bytes)");
        }
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        int dataStart = 8 + (int)headerLength;
        long dataLength = bytes.Length - dataStart;
        if (new JsonReader(header).ReadDocument() is not Dictionary<string, object?> entries)
        {
            throw new FormatException("its header is not a JSON object");
        }
        var tensors = new List<(WeightsTensor Tensor, long Begin, long End)>();
        foreach (KeyValuePair<string, object?> entry in entries)
        {
            if (entry.Key == "__metadata__")
            {
                continue;
            }
            tensors.Add(ReadTensor(entry.Key, entry.Value, bytes, dataStart, dataLength));
        }
        long expected = 0;
        foreach ((WeightsTensor tensor, long begin, long end) in tensors.OrderBy(t => t.Begin))
        {
            if (begin != expected)
            {
                throw new FormatException($"tensor '{tensor.Name}' starts at byte {begin} of the data, but the previous tensor ends at {expected} (a gap or an overlap)");
            }
            expected = end;
        }
        if (expected != dataLength)
        {
            throw new FormatException($"the tensors end at byte {expected} of the data, but the data has {dataLength} bytes");
        }
        return tensors.Select(t => t.Tensor).ToList();
    }

    private static (WeightsTensor, long, long) ReadTensor(string name, object? value, byte[] bytes, int dataStart, long dataLength)
    {
        if (value is not Dictionary<string, object?> fields
            || !fields.TryGetValue("dtype", out object? dtypeValue) || dtypeValue is not string dtype
            || !fields.TryGetValue("shape", out object? shapeValue) || shapeValue is not List<object?> shapeList
            || !fields.TryGetValue("data_offsets", out object? offsetsValue) || offsetsValue is not List<object?> offsets || offsets.Count != 2)
        {
            throw new FormatException($"tensor '{name}' lacks a dtype, shape or data_offsets of the right kind");
        }
        int size = dtype switch { "F64" => 8, "F32" => 4, "F16" => 2, "BF16" => 2, _ => 0 };
        if (size == 0)
        {
            throw new FormatException($"tensor '{name}' has dtype {dtype}; only F16, BF16, F32 and F64 are supported");
        }
        var shape = new List<int>();
        long count = 1;
        foreach (object? dimension in shapeList)
        {
            int d = NonNegativeInteger(dimension, name, "shape");
            shape.Add(d);
            count = checked(count * d);
        }
        long begin = NonNegativeInteger(offsets[0], name, "data_offsets");
        long end = NonNegativeInteger(offsets[1], name, "data_offsets");
        if (end < begin || end > dataLength || end - begin != count * size)
        {
            throw new FormatException($"tensor '{name}' has data_offsets [{begin}, {end}], which do not hold {count} {dtype} values within the {dataLength} bytes of data");
        }
        var values = new double[count];
        var scratch = new byte[8];
        for (long i = 0; i < count; i++)
        {
            int at = dataStart + (int)(begin + i * size);
            values[i] = dtype switch
            {
                "F64" => BitConverter.ToDouble(LittleEndian(bytes, at, 8, scratch), 0),
                "F32" => BitConverter.ToSingle(LittleEndian(bytes, at, 4, scratch), 0),
                "BF16" => BitConverter.ToSingle(LittleEndian(new byte[] { 0, 0, bytes[at], bytes[at + 1] }, 0, 4, scratch), 0),
                _ => HalfToDouble(bytes[at] | (bytes[at + 1] << 8)),
            };
        }
        return (new WeightsTensor(name, dtype, shape.ToEquatableArray(), values.ToEquatableArray()), begin, end);
    }

    private static byte[] LittleEndian(byte[] source, int at, int length, byte[] scratch)
    {
        Array.Copy(source, at, scratch, 0, length);
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(scratch, 0, length);
        }
        return scratch;
    }

    private static double HalfToDouble(int bits)
    {
        int sign = (bits >> 15) & 1, exponent = (bits >> 10) & 0x1F, mantissa = bits & 0x3FF;
        double magnitude = exponent switch
        {
            0 => mantissa * Math.Pow(2, -24),
            0x1F => mantissa == 0 ? double.PositiveInfinity : double.NaN,
            _ => (1024 + mantissa) * Math.Pow(2, exponent - 25),
        };
        return sign == 1 ? -magnitude : magnitude;
    }

    private static int NonNegativeInteger(object? value, string tensor, string field) =>
        value is double d && d >= 0 && d <= int.MaxValue && Math.Floor(d) == d
            ? (int)d
            : throw new FormatException($"tensor '{tensor}' has a {field} entry that is not a non-negative integer");

    /// <summary>
    /// Just enough JSON: objects (as dictionaries; a repeated key is an error), arrays, strings,
    /// numbers (as double), true, false and null.
    /// </summary>
    private sealed class JsonReader(string text)
    {
        private int _at;

        public object? ReadDocument()
        {
            object? value = ReadValue();
            SkipSpace();
            return _at == text.Length ? value : throw Error("text after the JSON value");
        }

        private object? ReadValue()
        {
            SkipSpace();
            if (_at >= text.Length)
            {
                throw Error("an unexpected end");
            }
            switch (text[_at])
            {
                case '{':
                    return ReadObject();
                case '[':
                    return ReadArray();
                case '"':
                    return ReadString();
                case 't':
                    return ReadWord("true", true);
                case 'f':
                    return ReadWord("false", false);
                case 'n':
                    return ReadWord("null", null);
                default:
                    return ReadNumber();
            }
        }

        private Dictionary<string, object?> ReadObject()
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            ReadItems('}', () =>
            {
                SkipSpace();
                if (Peek() != '"')
                {
                    throw Error("a key that is not a string");
                }
                string key = ReadString();
                SkipSpace();
                Expect(':');
                if (result.ContainsKey(key))
                {
                    throw new FormatException($"its header names '{key}' twice");
                }
                result[key] = ReadValue();
            });
            return result;
        }

        private List<object?> ReadArray()
        {
            var result = new List<object?>();
            ReadItems(']', () => result.Add(ReadValue()));
            return result;
        }

        /// <summary>The items of an object or array, from its opening bracket to <paramref name="close"/>, separated by commas.</summary>
        private void ReadItems(char close, Action readItem)
        {
            _at++;
            SkipSpace();
            if (Peek() == close)
            {
                _at++;
                return;
            }
            while (true)
            {
                readItem();
                SkipSpace();
                if (Peek() != ',')
                {
                    Expect(close);
                    return;
                }
                _at++;
            }
        }

        private string ReadString()
        {
            var result = new StringBuilder();
            _at++;
            while (true)
            {
                if (_at >= text.Length)
                {
                    throw Error("an unterminated string");
                }
                char c = text[_at++];
                if (c == '"')
                {
                    return result.ToString();
                }
                if (c != '\\')
                {
                    result.Append(c);
                    continue;
                }
                char escape = _at < text.Length ? text[_at++] : throw Error("an unterminated string");
                switch (escape)
                {
                    case '"': case '\\': case '/': result.Append(escape); break;
                    case 'b': result.Append('\b'); break;
                    case 'f': result.Append('\f'); break;
                    case 'n': result.Append('\n'); break;
                    case 'r': result.Append('\r'); break;
                    case 't': result.Append('\t'); break;
                    case 'u' when _at + 4 <= text.Length
                        && int.TryParse(text.Substring(_at, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code):
                        result.Append((char)code);
                        _at += 4;
                        break;
                    default:
                        throw Error("a bad escape in a string");
                }
            }
        }

        private double ReadNumber()
        {
            int start = _at;
            while (_at < text.Length && "+-0123456789.eE".IndexOf(text[_at]) >= 0)
            {
                _at++;
            }
            return double.TryParse(text.Substring(start, _at - start), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                ? value
                : throw Error("a value that is not JSON");
        }

        private object? ReadWord(string word, object? value)
        {
            if (string.CompareOrdinal(text, _at, word, 0, word.Length) != 0)
            {
                throw Error("a value that is not JSON");
            }
            _at += word.Length;
            return value;
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"'{c}' missing");
            }
            _at++;
        }

        private char Peek() => _at < text.Length ? text[_at] : '\0';

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }
        }

        private FormatException Error(string what) => new($"its header is not valid JSON ({what} at character {_at})");
    }
}
