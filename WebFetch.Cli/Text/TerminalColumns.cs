using System.Globalization;
using System.Text;

namespace WebFetch.Text;

/// <summary>
/// Text laid out in a terminal column of a fixed width: a character of an East Asian wide
/// script or an emoji takes two cells, a combining mark none, any other one. Close to what
/// wcwidth(3) says, without its tables: the few wide blocks are listed here.
/// </summary>
internal static class TerminalColumns
{
    private const char Ellipsis = '…';

    /// <summary>The cells <paramref name="text"/> takes on a terminal.</summary>
    public static int Width(string text)
    {
        int width = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            width += Width(rune);
        }
        return width;
    }

    /// <summary>
    /// Appends <paramref name="text"/> in exactly <paramref name="width"/> cells: padded with
    /// spaces, or cut with an ellipsis where it would not fit (never inside a character).
    /// </summary>
    public static void AppendFitted(StringBuilder line, string text, int width)
    {
        int used = Width(text);
        if (used <= width)
        {
            line.Append(text).Append(' ', width - used);
            return;
        }
        used = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            int cells = Width(rune);
            if (used + cells > width - 1)
            {
                break;
            }
            line.Append(rune.ToString());
            used += cells;
        }
        line.Append(Ellipsis).Append(' ', width - 1 - used);
    }

    private static int Width(Rune rune)
    {
        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
        {
            return 0;
        }
        return IsWide(rune.Value) ? 2 : 1;
    }

    /// <summary>The East Asian Wide and Fullwidth blocks, and the emoji ones.</summary>
    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0x303E or >= 0x3041 and <= 0x33FF or >= 0x3400 and <= 0x4DBF
            or >= 0x4E00 and <= 0x9FFF or >= 0xA000 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F300 and <= 0x1F64F or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD;
}
