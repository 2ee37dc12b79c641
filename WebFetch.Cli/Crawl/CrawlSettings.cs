namespace WebFetch.Crawl;

/// <summary>What a crawl follows and checks, after the command line was read.</summary>
/// <param name="MaxDepth">Links followed from a start URL at most (<c>--depth</c>); null is unlimited.</param>
/// <param name="MaxUrls">URLs taken at most (<c>--max-urls</c>); null is unlimited.</param>
/// <param name="NoExternal">Out-of-scope links are not checked.</param>
/// <param name="CheckAnchors">Fragment links to pages in scope are checked against the pages' anchors.</param>
/// <param name="IgnoreRobots">robots.txt is neither fetched nor obeyed.</param>
/// <param name="UserAgentToken">The product token robots.txt groups are matched with (<c>webfetch</c>).</param>
internal sealed record CrawlSettings(
    CrawlScope Scope, int? MaxDepth, int? MaxUrls, bool NoExternal, bool CheckAnchors, bool IgnoreRobots, string UserAgentToken)
{
    public long AnchorBudgetBytes { get; init; } = Defaults.AnchorBudgetBytes;

    /// <summary>Queued URLs the frontier keeps in memory before it spills to disk.</summary>
    public int FrontierMemoryUrls { get; init; } = Defaults.FrontierMemoryUrls;

    /// <summary>The fragments the anchor check passes over (<c>--ignore-anchor</c>).</summary>
    public IgnoredAnchors IgnoreAnchors { get; init; } = IgnoredAnchors.None;

    /// <summary>Meta refreshes followed at most from a page that lacks a fragment, to find it where they lead: as many as HTTP redirects (<c>--max-redirects</c>).</summary>
    public int MaxRefreshes { get; init; } = Defaults.MaxRedirects;

    /// <summary>The product token of a User-Agent value: <c>webfetch/1.2.3 (x)</c> gives <c>webfetch</c>.</summary>
    public static string TokenOf(string userAgent)
    {
        string token = new([.. userAgent.TakeWhile(c => char.IsAsciiLetter(c) || c is '-' or '_')]);
        return token.Length > 0 ? token.ToLowerInvariant() : "webfetch";
    }
}
