using System.Buffers;

namespace WebFetch.Crawl;

/// <summary>
/// What a site's robots.txt says to one crawler (RFC 9309): which paths it may fetch, how long
/// to wait between two requests (<c>Crawl-delay</c>), and the sitemaps it names. The file is
/// read by <see cref="RobotsParser"/>; see there for how.
/// </summary>
internal sealed class RobotsRules
{
    private static readonly SearchValues<char> ProductTokenChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-");

    private readonly RobotsRule[] _rules;

    internal RobotsRules(IEnumerable<RobotsRule> rules, TimeSpan? crawlDelay, IReadOnlyList<string> sitemaps)
    {
        _rules = [.. rules];
        Array.Sort(_rules, RobotsRule.Precedence);
        CrawlDelay = crawlDelay;
        Sitemaps = sitemaps;
        SizeBytes = 256 + _rules.Sum(r => 64 + 2L * r.Pattern.Length) + sitemaps.Sum(s => 32 + 2L * s.Length);
    }

    /// <summary>No robots.txt, or one that does not apply: everything may be fetched.</summary>
    public static RobotsRules AllowAll { get; } = new([], crawlDelay: null, []);

    /// <summary>A site that cannot say what it allows (its robots.txt unreachable, or a server error): nothing may be fetched.</summary>
    public static RobotsRules DisallowAll { get; } = new([new RobotsRule("/", allow: false)], crawlDelay: null, []);

    /// <summary>The wait between two requests to the site that the file asks for, within <see cref="Defaults.MaxCrawlDelay"/>; null when it asks none.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>The values of the <c>Sitemap</c> lines, in order, each once, as written (normally absolute URLs).</summary>
    public IReadOnlyList<string> Sitemaps { get; }

    /// <summary>About what the rules take in memory, for a cache's budget.</summary>
    internal long SizeBytes { get; }

    /// <summary>
    /// The rules of the robots.txt <paramref name="content"/> for the crawler whose product token
    /// is <paramref name="userAgentToken"/> (letters, <c>_</c> and <c>-</c>, as RFC 9309 section 2.2.1 asks).
    /// <paramref name="truncated"/>: the content is only the start of the file (the fetch's
    /// <c>body_truncated</c>); its last line, which may be a rule cut in half, is then not read.
    /// </summary>
    public static RobotsRules Parse(ReadOnlySpan<byte> content, string userAgentToken, bool truncated = false)
    {
        if (!IsProductToken(userAgentToken))
        {
            throw new ArgumentException($"\"{userAgentToken}\" is not a product token: letters, '_' and '-' only", nameof(userAgentToken));
        }
        return RobotsParser.Parse(content, userAgentToken, truncated);
    }

    /// <summary>
    /// The rules for a robots.txt fetched with the final status <paramref name="status"/>, after
    /// the fetcher followed up to <see cref="Defaults.MaxRobotsRedirects"/> redirects (RFC 9309,
    /// section 2.3.1): 2xx, the file's rules; 3xx (more redirects than that) and 4xx, the file is
    /// unavailable and everything is allowed; 5xx, no answer at all (null), or any other status,
    /// the file is unreachable and nothing is allowed. 429 (Too Many Requests) counts as
    /// unreachable, as Google's crawler counts it: a server that asks to slow down is not saying
    /// that it has no rules. <paramref name="truncated"/>: as for <see cref="Parse"/>.
    /// </summary>
    public static RobotsRules ForStatus(int? status, ReadOnlySpan<byte> content, string userAgentToken, bool truncated = false) => status switch
    {
        >= 200 and < 300 => Parse(content, userAgentToken, truncated),
        429 => DisallowAll,
        >= 300 and < 500 => AllowAll,
        _ => DisallowAll,
    };

    /// <summary>Whether <paramref name="token"/> is a product token RFC 9309 allows: one or more letters, <c>_</c> or <c>-</c>.</summary>
    public static bool IsProductToken(string? token) =>
        !string.IsNullOrEmpty(token) && token.AsSpan().IndexOfAnyExcept(ProductTokenChars) < 0;

    /// <summary>
    /// Whether the URL with path and query <paramref name="pathAndQuery"/> may be fetched: the
    /// rule with the longest pattern that matches decides, Allow winning a tie; no match allows.
    /// <c>/robots.txt</c> is always allowed. Both sides are compared in <see cref="RobotsPath"/>'s
    /// normal form, so an encoded and a plain spelling of the same path agree.
    /// </summary>
    public bool IsAllowed(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (_rules.Length == 0)
        {
            return true;
        }
        string path = RobotsPath.Normalize(pathAndQuery);
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }
        if (path == "/robots.txt")
        {
            return true;
        }
        foreach (RobotsRule rule in _rules)
        {
            if (rule.Matches(path))
            {
                return rule.Allow;
            }
        }
        return true;
    }
}
