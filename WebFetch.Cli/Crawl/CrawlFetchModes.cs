using WebFetch.Fetching;
using WebFetch.Urls;
using WebFetch.Worker;

namespace WebFetch.Crawl;

/// <summary>
/// The fetch options a crawl sends with each URL (<see cref="Protocol.FetchRequest.Options"/>),
/// one set per <see cref="FetchMode"/>, from the command line's: every status of 400 or above is
/// a broken link (<c>http_status</c>), no selections, and the mode's own switch.
/// </summary>
internal static class CrawlFetchModes
{
    /// <summary>
    /// The JSON of each mode's options; <paramref name="checkOwnAnchors"/>: see <see cref="ChecksOwnAnchors"/>;
    /// <paramref name="outside"/>: the scope's hosts, whose surely outside links a page leaves out (<see cref="Outside"/>).
    /// </summary>
    public static IReadOnlyDictionary<FetchMode, string> For(FetchOptions given, bool checkOwnAnchors, ScopeHosts? outside = null)
    {
        FetchOptions checkLinks = CheckLinks(given);
        return new Dictionary<FetchMode, string>
        {
            [FetchMode.Crawl] = FetchOptionsJson.Write(checkLinks with
            {
                Crawl = true,
                CheckOwnAnchors = checkOwnAnchors,
                ScopeHosts = outside?.Hosts,
                ScopeDomains = outside?.Domains ?? false,
            }),
            [FetchMode.CheckOnly] = FetchOptionsJson.Write(checkLinks with { CheckOnly = true }),
            // robots.txt: its status decides (RFC 9309), so a 404 is no failure; RFC 9309's redirects at most
            [FetchMode.Robots] = FetchOptionsJson.Write(checkLinks with { FailOnHttpError = false, CaptureBodyBytes = Defaults.MaxRobotsBytes, MaxRedirects = Defaults.MaxRobotsRedirects }),
        };
    }

    /// <summary>The JSON of the options of a page at the depth limit: parsed for its anchors, its links only counted (issue 18: most of a crawl's pages are there).</summary>
    public static string CountLinksOnly(FetchOptions given) =>
        FetchOptionsJson.Write(CheckLinks(given) with { Crawl = true, CountLinksOnly = true });

    /// <summary>
    /// Whether a page's links to its own anchors are checked where it is parsed and left out of
    /// its found links (<see cref="FetchOptions.CheckOwnAnchors"/>): unless the crawl checks
    /// anchors and counts the fragments <c>--ignore-anchor</c> matches, which it does for every link.
    /// </summary>
    public static bool ChecksOwnAnchors(bool checkAnchors, int ignoredAnchorPatterns) => !checkAnchors || ignoredAnchorPatterns == 0;

    /// <summary>
    /// The hosts whose surely outside links a crawl page leaves out, with <c>--no-external</c>
    /// (<see cref="FetchOptions.ScopeHosts"/>): the crawl passes such links over
    /// unchecked (<see cref="CrawlState"/>), so they need not be resolved, placed and sent.
    /// </summary>
    public static ScopeHosts? Outside(CrawlSettings settings) => settings.NoExternal ? settings.Scope.Hosts : null;

    private static FetchOptions CheckLinks(FetchOptions given) => given with { FailOnHttpError = true, Links = false, Selectors = [] };
}
