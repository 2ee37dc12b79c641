using System.Text.RegularExpressions;
using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// Which URLs a crawl follows (fetches and parses) and which it only checks: inside the
/// <see cref="ScopeKind"/> of at least one start URL, matching one <c>--include</c> when any is
/// given, and matching no <c>--exclude</c>. The patterns are matched against the URL without
/// its fragment, as the URL Standard serialises it. Immutable, thread-safe.
/// </summary>
internal sealed class CrawlScope
{
    /// <summary>Longest time one pattern may take on one URL: the patterns run without backtracking, so this is a second guard, never reached on a URL of sane length.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly ScopeKind _kind;
    private readonly IReadOnlyList<WebUrl> _starts;
    private readonly Regex[] _include;
    private readonly Regex[] _exclude;

    public CrawlScope(ScopeKind kind, IReadOnlyList<WebUrl> starts, IEnumerable<string> include, IEnumerable<string> exclude)
    {
        _kind = kind;
        _starts = starts;
        _include = [.. include.Select(p => Compile("--include", p))];
        _exclude = [.. exclude.Select(p => Compile("--exclude", p))];
    }

    /// <summary>
    /// A pattern as the crawl runs it: without backtracking (no pattern can take time
    /// exponential in the URL's length). Throws <see cref="ArgumentException"/> naming the option
    /// for a pattern that is not valid, or uses what such matching cannot do (backreferences, lookarounds).
    /// </summary>
    public static Regex Compile(string option, string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"{option} '{pattern}' is not a pattern webfetch can use: {e.Message}", e);
        }
    }

    /// <summary>Whether the crawl follows <paramref name="url"/>.</summary>
    public bool Contains(WebUrl url)
    {
        if (!_starts.Any(start => Within(start, url)))
        {
            return false;
        }
        string text = url.HrefWithoutFragment;
        if (_include.Length > 0 && !_include.Any(r => Matches(r, text)))
        {
            return false;
        }
        return !_exclude.Any(r => Matches(r, text));
    }

    /// <summary>A text a pattern takes too long on counts as not matched: a URL is checked, not followed; a fragment (<see cref="IgnoredAnchors"/>) is checked.</summary>
    public static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private bool Within(WebUrl start, WebUrl url) => _kind switch
    {
        ScopeKind.Host => url.Host == start.Host && url.EffectivePort == start.EffectivePort,
        ScopeKind.Domain => InDomain(url.Host, DomainOf(start.Host)),
        _ => start.IsSameOrigin(url) && url.Path.StartsWith(DirectoryOf(start.Path), StringComparison.Ordinal),
    };

    /// <summary>The directory of a path: up to and including its last '/'.</summary>
    public static string DirectoryOf(string path) => path[..(path.LastIndexOf('/') + 1)];

    /// <summary>The domain <c>--scope domain</c> keeps: the host without a leading <c>www.</c>; an IP address (v4, or v6 in brackets) as it is.</summary>
    public static string DomainOf(string host) =>
        host.StartsWith("www.", StringComparison.Ordinal) && !IsAddress(host) ? host[4..] : host;

    private static bool InDomain(string host, string domain) =>
        host == domain || (!IsAddress(domain) && host.EndsWith("." + domain, StringComparison.Ordinal));

    private static bool IsAddress(string host) => host.StartsWith('[') || host.All(c => char.IsAsciiDigit(c) || c == '.');
}
