using System.Globalization;

namespace WebFetch.Fetching;

/// <summary>
/// A range of body lengths in bytes as <c>--fail-length</c> gives it: <c>0-100</c>, <c>1000-</c>
/// (1000 and more), <c>-100</c> (100 and less) or one length (<c>0</c>); both ends included.
/// </summary>
internal sealed class LengthRange
{
    private readonly long _from;
    private readonly long _to;

    private LengthRange(string text, long from, long to)
    {
        Text = text;
        _from = from;
        _to = to;
    }

    /// <summary>The range as it was given.</summary>
    public string Text { get; }

    public bool Contains(long length) => length >= _from && length <= _to;

    /// <summary>Parses <paramref name="text"/>; false with the reason in plain words when it is not such a range.</summary>
    public static bool TryParse(string text, out LengthRange? range, out string problem)
    {
        range = null;
        problem = $"'{text}' is not a length in bytes (0) or a range of them (0-100, 1000-, -100)";
        string trimmed = text.Trim();
        int dash = trimmed.IndexOf('-', StringComparison.Ordinal);
        string first = dash < 0 ? trimmed : trimmed[..dash];
        string last = dash < 0 ? trimmed : trimmed[(dash + 1)..];
        if (trimmed.Length == 0 || (dash >= 0 && first.Length == 0 && last.Length == 0))
        {
            return false;
        }
        if (!TryParseLength(first, 0, out long from) || !TryParseLength(last, long.MaxValue, out long to) || from > to)
        {
            return false;
        }
        range = new LengthRange(text, from, to);
        problem = "";
        return true;
    }

    private static bool TryParseLength(string text, long missing, out long length)
    {
        if (text.Length == 0)
        {
            length = missing;
            return true;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out length);
    }
}
