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

    /// <summary>
    /// Whether the absolute URL <paramref name="link"/>, as a worker resolved it, surely lies
    /// outside the scope, read from its text without parsing it: an http or https URL whose
    /// host is no start's host (nor, with <see cref="ScopeKind.Domain"/>, within a start's
    /// domain), and a host the URL parser keeps as written: lower-case ASCII letters, digits,
    /// hyphens and dots, no empty label, no <c>xn--</c> label, not ending in a number (no IPv4
    /// form), no userinfo, a port of at most 65535. False whenever that is not sure: the link
    /// is then parsed and placed as any other. With <c>--no-external</c> such a link is left
    /// alone unparsed (a documentation page links to a playground with the example's whole
    /// code in the query).
    /// </summary>
    public bool SurelyOutside(string link)
    {
        int start = link.StartsWith("http://", StringComparison.Ordinal) ? 7 : link.StartsWith("https://", StringComparison.Ordinal) ? 8 : -1;
        if (start < 0)
        {
            return false;
        }
        ReadOnlySpan<char> authority = link.AsSpan(start);
        int end = authority.IndexOfAny(AuthorityEnds);
        authority = end < 0 ? authority : authority[..end];
        int colon = authority.IndexOf(':');
        ReadOnlySpan<char> host = colon < 0 ? authority : authority[..colon];
        if (colon >= 0 && !IsPort(authority[(colon + 1)..]))
        {
            return false;
        }
        if (!IsPlainHost(host))
        {
            return false;
        }
        foreach (WebUrl url in _starts)
        {
            bool within = _kind == ScopeKind.Domain ? InDomain(host.ToString(), DomainOf(url.Host)) : host.SequenceEqual(url.Host);
            if (within)
            {
                return false;
            }
        }
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> AuthorityEnds = System.Buffers.SearchValues.Create("/?#\\");

    private static readonly System.Buffers.SearchValues<char> HostChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-.");

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static bool IsPort(ReadOnlySpan<char> port) =>
        port.Length is > 0 and <= 5 && !port.ContainsAnyExceptInRange('0', '9') && int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) <= 65535;

    /// <summary>A host the URL parser keeps as written and that is no IPv4 address: see <see cref="SurelyOutside"/>.</summary>
    private static bool IsPlainHost(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host.ContainsAnyExcept(HostChars))
        {
            return false;
        }
        ReadOnlySpan<char> last = default;
        foreach (Range range in host.Split('.'))
        {
            ReadOnlySpan<char> label = host[range];
            if (label.IsEmpty || label.StartsWith("xn--", StringComparison.Ordinal))
            {
                return false;
            }
            last = label;
        }
        bool number = !last.ContainsAnyExceptInRange('0', '9')
            || (last.StartsWith("0x", StringComparison.Ordinal) && !last[2..].ContainsAnyExcept(HexDigits));
        return !number;
    }

    /// <summary>The directory of a path: up to and including its last '/'.</summary>
    public static string DirectoryOf(string path) => path[..(path.LastIndexOf('/') + 1)];

    /// <summary>The domain <c>--scope domain</c> keeps: the host without a leading <c>www.</c>; an IP address (v4, or v6 in brackets) as it is.</summary>
    public static string DomainOf(string host) =>
        host.StartsWith("www.", StringComparison.Ordinal) && !IsAddress(host) ? host[4..] : host;

    private static bool InDomain(string host, string domain) =>
        host == domain || (!IsAddress(domain) && host.EndsWith("." + domain, StringComparison.Ordinal));

    private static bool IsAddress(string host) => host.StartsWith('[') || host.All(c => char.IsAsciiDigit(c) || c == '.');
}
