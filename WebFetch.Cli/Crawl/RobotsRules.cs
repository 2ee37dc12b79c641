using System.Globalization;
using System.Text;

namespace WebFetch.Crawl;

/// <summary>
/// The rules of one host's robots.txt for one user agent (RFC 9309), in the shape the crawl
/// uses: <see cref="IsAllowed"/>, <see cref="CrawlDelay"/>, <see cref="Sitemaps"/>. A small
/// reading of the RFC (groups, the longest matching Allow or Disallow rule wins, <c>*</c> and <c>$</c>).
/// </summary>
internal sealed class RobotsRules
{
    private readonly List<(string Pattern, bool Allow)> _rules;

    private RobotsRules(List<(string Pattern, bool Allow)> rules, TimeSpan? crawlDelay, IReadOnlyList<string> sitemaps)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
        Sitemaps = sitemaps;
    }

    public static RobotsRules AllowAll { get; } = new([], null, []);

    public static RobotsRules DisallowAll { get; } = new([("/", false)], null, []);

    public TimeSpan? CrawlDelay { get; }

    public IReadOnlyList<string> Sitemaps { get; }

    /// <summary>The rules for a robots.txt fetched with <paramref name="status"/> (null: not reached): 2xx parsed, 4xx allow all, anything else disallow all.</summary>
    public static RobotsRules ForStatus(int? status, ReadOnlySpan<byte> content, string userAgentToken) => status switch
    {
        >= 200 and < 300 => Parse(content, userAgentToken),
        >= 400 and < 500 => AllowAll,
        _ => DisallowAll,
    };

    public static RobotsRules Parse(ReadOnlySpan<byte> content, string userAgentToken)
    {
        var mine = new List<(string, bool)>();
        var any = new List<(string, bool)>();
        var sitemaps = new List<string>();
        TimeSpan? myDelay = null, anyDelay = null;
        bool inMine = false, inAny = false, agentsEnded = true, foundMine = false;
        foreach (string raw in Encoding.UTF8.GetString(content).Split('\n'))
        {
            string line = raw.Split('#')[0].Trim();
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            string field = line[..colon].Trim().ToLowerInvariant();
            string value = line[(colon + 1)..].Trim();
            if (field == "user-agent")
            {
                if (agentsEnded)
                {
                    inMine = inAny = false;
                    agentsEnded = false;
                }
                bool me = value.Equals(userAgentToken, StringComparison.OrdinalIgnoreCase);
                inMine |= me;
                foundMine |= me;
                inAny |= value == "*";
                continue;
            }
            agentsEnded = true;
            if (field == "sitemap")
            {
                sitemaps.Add(value);
            }
            else if (field is "allow" or "disallow" && value.Length > 0)
            {
                (inMine ? mine : inAny ? any : null)?.Add((value, field == "allow"));
            }
            else if (field == "crawl-delay" && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0 && seconds < 1e6)
            {
                if (inMine)
                {
                    myDelay = TimeSpan.FromSeconds(seconds);
                }
                else if (inAny)
                {
                    anyDelay = TimeSpan.FromSeconds(seconds);
                }
            }
        }
        return foundMine ? new RobotsRules(mine, myDelay, sitemaps) : new RobotsRules(any, anyDelay, sitemaps);
    }

    /// <summary>Whether a URL of this path and query may be fetched: the longest matching rule decides, Allow on a tie; no rule allows.</summary>
    public bool IsAllowed(string pathAndQuery)
    {
        int best = -1;
        bool allowed = true;
        foreach ((string pattern, bool allow) in _rules)
        {
            if (Matches(pattern, pathAndQuery) && (pattern.Length > best || (pattern.Length == best && allow)))
            {
                best = pattern.Length;
                allowed = allow;
            }
        }
        return allowed;
    }

    private static bool Matches(string pattern, string path)
    {
        bool anchored = pattern.EndsWith('$');
        string[] parts = (anchored ? pattern[..^1] : pattern).Split('*');
        if (!path.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }
        int at = parts[0].Length;
        for (int i = 1; i < parts.Length; i++)
        {
            int found = path.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            at = found + parts[i].Length;
        }
        return !anchored || at == path.Length || (parts.Length > 1 && path.EndsWith(parts[^1], StringComparison.Ordinal));
    }
}
