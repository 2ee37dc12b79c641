using System.Globalization;
using System.Text;

namespace WebFetch.Urls.Idna;

/// <summary>Code points and labels as they appear in error messages: never a raw control or formatting character.</summary>
internal static class CodePointText
{
    private const int MaxQuotedChars = 80;

    /// <summary>"U+00AD".</summary>
    public static string Describe(int codePoint) => "U+" + codePoint.ToString(codePoint > 0xFFFF ? "X5" : "X4", CultureInfo.InvariantCulture);

    /// <summary>The text between single quotes, with every control, formatting or lone surrogate character written as U+XXXX.</summary>
    public static string Quote(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('\'');
        int shown = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (shown >= MaxQuotedChars)
            {
                builder.Append('…');
                break;
            }
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (NeedsEscape(c))
            {
                builder.Append('<').Append(Describe(c)).Append('>');
            }
            else
            {
                builder.Append(c);
            }
            shown++;
        }
        builder.Append('\'');
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || c == '\'' ||
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
