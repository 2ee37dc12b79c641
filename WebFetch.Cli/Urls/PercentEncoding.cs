using System.Text;

namespace WebFetch.Urls;

/// <summary>
/// UTF-8 percent-encoding of code points in a <see cref="PercentEncodeSet"/>, and
/// percent-decoding, as the URL Standard defines them. Hex digits are written in upper case.
/// </summary>
internal static class PercentEncoding
{
    private const string HexDigits = "0123456789ABCDEF";

    /// <summary>Whether an ASCII code point (below U+0080) is in <paramref name="set"/>.</summary>
    public static bool InSet(char c, PercentEncodeSet set)
    {
        if (c < 0x20 || c > 0x7E)
        {
            return true;
        }
        return set switch
        {
            PercentEncodeSet.C0Control => false,
            PercentEncodeSet.Fragment => c is ' ' or '"' or '<' or '>' or '`',
            PercentEncodeSet.Query => IsQuery(c),
            PercentEncodeSet.SpecialQuery => IsQuery(c) || c == '\'',
            PercentEncodeSet.Path => IsPath(c),
            PercentEncodeSet.Userinfo => IsPath(c) || c is '/' or ':' or ';' or '=' or '@' or (>= '[' and <= '^') or '|',
            _ => throw new ArgumentOutOfRangeException(nameof(set)),
        };
    }

    /// <summary>
    /// Appends the code point at <paramref name="index"/> of <paramref name="text"/>, encoded if
    /// it is in <paramref name="set"/>, and returns how many chars it took (2 for a surrogate
    /// pair). A lone surrogate is encoded as U+FFFD, as UTF-8 encoding replaces it.
    /// </summary>
    public static int AppendEncoded(StringBuilder output, string text, int index, PercentEncodeSet set)
    {
        char c = text[index];
        if (c < 0x80)
        {
            if (InSet(c, set))
            {
                AppendByte(output, (byte)c);
            }
            else
            {
                output.Append(c);
            }
            return 1;
        }
        Rune rune;
        int taken = 1;
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            rune = new Rune(c, text[index + 1]);
            taken = 2;
        }
        else
        {
            rune = char.IsSurrogate(c) ? Rune.ReplacementChar : new Rune(c);
        }
        Span<byte> bytes = stackalloc byte[4];
        int length = rune.EncodeToUtf8(bytes);
        foreach (byte b in bytes[..length])
        {
            AppendByte(output, b);
        }
        return taken;
    }

    /// <summary>Appends all of <paramref name="text"/>, encoding the code points in <paramref name="set"/>.</summary>
    public static void AppendEncoded(StringBuilder output, string text, PercentEncodeSet set)
    {
        for (int i = 0; i < text.Length;)
        {
            i += AppendEncoded(output, text, i, set);
        }
    }

    /// <summary>
    /// The bytes of the UTF-8 encoding of <paramref name="text"/> with each <c>%XX</c> (two hex
    /// digits) replaced by its byte; a <c>%</c> not followed by two hex digits stays as it is.
    /// </summary>
    public static byte[] Decode(string text)
    {
        byte[] input = Encoding.UTF8.GetBytes(text);
        var output = new byte[input.Length];
        int length = 0;
        for (int i = 0; i < input.Length; i++)
        {
            if (input[i] == (byte)'%' && i + 2 < input.Length && IsHex(input[i + 1]) && IsHex(input[i + 2]))
            {
                output[length++] = (byte)((HexValue(input[i + 1]) << 4) | HexValue(input[i + 2]));
                i += 2;
            }
            else
            {
                output[length++] = input[i];
            }
        }
        return output[..length];
    }

    /// <summary>Percent-decodes <paramref name="text"/> and reads the bytes as UTF-8, invalid sequences as U+FFFD.</summary>
    public static string DecodeToString(string text) => Encoding.UTF8.GetString(Decode(text));

    private static bool IsQuery(char c) => c is ' ' or '"' or '#' or '<' or '>';

    private static bool IsPath(char c) => IsQuery(c) || c is '?' or '^' or '`' or '{' or '}';

    private static void AppendByte(StringBuilder output, byte b) =>
        output.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
