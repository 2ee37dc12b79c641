using AngleSharp.Html;

namespace WebFetch.Fetching;

/// <summary>
/// Decodes a character reference in text as the HTML standard's tokenizer does in data: a
/// named one from the standard's table (AngleSharp's), the longest name that matches, the
/// legacy names without their semicolon too (<c>&amp;copy</c>); a decimal or hexadecimal one
/// with or without its semicolon, with the standard's replacements (zero, surrogates and code
/// points past U+10FFFF give U+FFFD, 0x80-0x9F the windows-1252 characters).
/// </summary>
internal static class CharacterReference
{
    /// <summary>The longest name in the table, its semicolon counted ("CounterClockwiseContourIntegral;").</summary>
    private const int MaxNameChars = 32;

    /// <summary>What windows-1252 puts at 0x80-0x9F, where a numeric reference to a C1 control means it (0 where it stays).</summary>
    private static ReadOnlySpan<ushort> C1Replacements =>
    [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];

    /// <summary>
    /// Decodes the reference at <paramref name="position"/> (a <c>&amp;</c>): the index after it,
    /// with its code point in <paramref name="first"/> and, for the few names that stand for two,
    /// the second in <paramref name="second"/> (else -1). When no reference starts there,
    /// <paramref name="first"/> is -1 and the <c>&amp;</c> is text.
    /// </summary>
    public static int Decode(ReadOnlySpan<char> source, int position, out int first, out int second)
    {
        first = -1;
        second = -1;
        int i = position + 1;
        if (i < source.Length && source[i] == '#')
        {
            return Numeric(source, i + 1, out first);
        }
        int nameEnd = i;
        while (nameEnd < source.Length && nameEnd - i < MaxNameChars && char.IsAsciiLetterOrDigit(source[nameEnd]))
        {
            nameEnd++;
        }
        if (nameEnd == i)
        {
            return position + 1;
        }
        Span<char> name = stackalloc char[MaxNameChars + 1];
        source[i..nameEnd].CopyTo(name);
        int length = nameEnd - i;
        if (nameEnd < source.Length && source[nameEnd] == ';' && Symbol(name[..(length + 1)], ';', out first, out second))
        {
            return nameEnd + 1;
        }
        // the legacy names stand without a semicolon: the longest one that is a prefix
        for (; length > 0; length--)
        {
            if (Symbol(name[..length], '\0', out first, out second))
            {
                return i + length;
            }
        }
        first = -1;
        return position + 1;
    }

    private static bool Symbol(Span<char> name, char semicolon, out int first, out int second)
    {
        first = second = -1;
        if (semicolon != '\0')
        {
            name[^1] = semicolon;
        }
        string? symbol = HtmlEntityProvider.Resolver.GetSymbol(new string(name));
        if (string.IsNullOrEmpty(symbol))
        {
            return false;
        }
        first = char.ConvertToUtf32(symbol, 0);
        int next = char.IsSurrogatePair(symbol, 0) ? 2 : 1;
        if (next < symbol.Length)
        {
            second = char.ConvertToUtf32(symbol, next);
        }
        return true;
    }

    /// <summary>A numeric reference whose digits (after "&amp;#") start at <paramref name="position"/>.</summary>
    private static int Numeric(ReadOnlySpan<char> source, int position, out int codePoint)
    {
        codePoint = -1;
        bool hex = position < source.Length && source[position] is 'x' or 'X';
        int i = hex ? position + 1 : position;
        int start = i;
        long value = 0;
        for (; i < source.Length; i++)
        {
            char c = source[i];
            int digit = c is >= '0' and <= '9' ? c - '0'
                : hex && c is >= 'a' and <= 'f' ? c - 'a' + 10
                : hex && c is >= 'A' and <= 'F' ? c - 'A' + 10
                : -1;
            if (digit < 0)
            {
                break;
            }
            value = Math.Min(value * (hex ? 16 : 10) + digit, 0x110000); // past U+10FFFF all the same
        }
        if (i == start)
        {
            return position - 1; // "&#" without digits is text: the caller reads the '&'
        }
        if (i < source.Length && source[i] == ';')
        {
            i++;
        }
        codePoint = value switch
        {
            0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF) => 0xFFFD,
            >= 0x80 and <= 0x9F when C1Replacements[(int)value - 0x80] != 0 => C1Replacements[(int)value - 0x80],
            _ => (int)value,
        };
        return i;
    }
}
