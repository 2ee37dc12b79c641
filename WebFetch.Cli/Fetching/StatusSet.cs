using System.Globalization;

namespace WebFetch.Fetching;

/// <summary>
/// A set of HTTP statuses as <c>--match-status</c> and <c>--fail-status</c> give it: a comma
/// list of statuses (<c>200</c>), classes (<c>3xx</c>) and ranges (<c>500-599</c>), as httpx
/// takes them.
/// </summary>
internal sealed class StatusSet
{
    private readonly (int From, int To)[] _ranges;

    private StatusSet(string text, (int From, int To)[] ranges)
    {
        Text = text;
        _ranges = ranges;
    }

    /// <summary>The list as it was given.</summary>
    public string Text { get; }

    public bool Contains(int status) => _ranges.Any(r => status >= r.From && status <= r.To);

    /// <summary>Parses <paramref name="text"/>; false with the reason in plain words when it is not such a list.</summary>
    public static bool TryParse(string text, out StatusSet? set, out string problem)
    {
        set = null;
        problem = "";
        var ranges = new List<(int, int)>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TryParsePart(part, out (int, int) range))
            {
                problem = $"'{part}' is not a status (200), a class (3xx) or a range (500-599) of statuses from 100 to 599";
                return false;
            }
            ranges.Add(range);
        }
        set = new StatusSet(text, [.. ranges]);
        return true;
    }

    private static bool TryParsePart(string part, out (int From, int To) range)
    {
        range = default;
        if (part.Length == 3 && part[0] is >= '1' and <= '5' && part.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
        {
            int hundreds = (part[0] - '0') * 100;
            range = (hundreds, hundreds + 99);
            return true;
        }
        int dash = part.IndexOf('-', StringComparison.Ordinal);
        string first = dash < 0 ? part : part[..dash];
        string last = dash < 0 ? part : part[(dash + 1)..];
        if (!TryParseStatus(first, out int from) || !TryParseStatus(last, out int to) || from > to)
        {
            return false;
        }
        range = (from, to);
        return true;
    }

    private static bool TryParseStatus(string text, out int status) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out status) && text.Length == 3 && status is >= 100 and <= 599;
}
