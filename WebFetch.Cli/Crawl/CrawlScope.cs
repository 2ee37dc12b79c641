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
        Hosts = new ScopeHosts([.. starts.Select(s => kind == ScopeKind.Domain ? ScopeHosts.DomainOf(s.Host) : s.Host).Distinct()], kind == ScopeKind.Domain);
    }

    /// <summary>The hosts of the scope, which tell a link surely outside it from its text (<see cref="ScopeHosts.SurelyOutside"/>).</summary>
    public ScopeHosts Hosts { get; }

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
        ScopeKind.Domain => ScopeHosts.InDomain(url.Host, ScopeHosts.DomainOf(start.Host)),
        _ => start.IsSameOrigin(url) && url.Path.StartsWith(DirectoryOf(start.Path), StringComparison.Ordinal),
    };

    /// <summary>
    /// Whether the absolute URL <paramref name="link"/>, as a worker resolved it, surely lies
    /// outside the scope: see <see cref="ScopeHosts.SurelyOutside"/>. With <c>--no-external</c>
    /// such a link is left alone unparsed (a documentation page links to a playground with the
    /// example's whole code in the query); the crawl's workers leave it out before that
    /// (<see cref="Fetching.FetchOptions.ScopeHosts"/>).
    /// </summary>
    public bool SurelyOutside(string link) => Hosts.SurelyOutside(link);

    /// <summary>The directory of a path: up to and including its last '/'.</summary>
    public static string DirectoryOf(string path) => path[..(path.LastIndexOf('/') + 1)];
}
