using System.Globalization;
using System.Text;

namespace WebFetch.Text;

/// <summary>
/// Text from the network made safe for a terminal: a title, link text or URL of a hostile page could
/// carry escape sequences (to rewrite the screen, set the window title) or bidirectional
/// overrides (to show a line in another order than its bytes). Control characters
/// (C0, DEL, C1) and the bidi controls are written as visible escapes instead: <c>\x1b</c>, <c>\u202e</c>.
/// </summary>
internal static class TerminalText
{
    public static string Safe(string text)
    {
        int first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnsafe(c))
            {
                safe.Append(c);
            }
            else if (c <= '\u00ff')
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return safe.ToString();
    }

    private static int FirstUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>C0 and C1 controls, DEL, and the bidi embeddings, overrides, isolates and marks that reorder what a terminal shows.</summary>
    private static bool IsUnsafe(char c) =>
        c < ' ' || c is >= '\u007f' and <= '\u009f' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069'
        || c is '\u200e' or '\u200f' or '\u061c';
}
