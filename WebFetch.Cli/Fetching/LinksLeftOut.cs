using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Fetching;

/// <summary>
/// The links a crawl page's worker leaves out of those it sends, because the crawl would pass
/// them over unchecked: with <c>--no-external</c>, a link the page writes as an absolute URL
/// surely outside the scope (<see cref="FetchOptions.ScopeHosts"/>), known before it is
/// resolved; in a local crawl, a link without a fragment to a URL the crawl is done with
/// (<see cref="DoneUrlTable"/>), known once resolved. A link left out is neither placed, nor given
/// its text, nor written; its repeats are left out with it. A meta refresh is always sent: the
/// crawl looks for the page's missing anchors where it leads, whatever it leads to.
/// </summary>
internal sealed class LinksLeftOut(ScopeHosts? outside, DoneUrlTable? done)
{
    /// <summary>What a page fetched with <paramref name="options"/> leaves out: nothing (null) but for a crawl page whose links the crawl follows.</summary>
    public static LinksLeftOut? For(FetchOptions options, DoneUrlTable? done)
    {
        if (!options.Crawl || options.CountLinksOnly)
        {
            return null; // a page at --depth counts every link, and the crawl counts them all
        }
        ScopeHosts? outside = options.ScopeHosts is { } hosts ? new ScopeHosts(hosts, options.ScopeDomains) : null;
        return outside is null && done is null ? null : new LinksLeftOut(outside, done);
    }

    /// <summary>Whether <paramref name="link"/>, as the page writes it, is left out.</summary>
    public bool AsWritten(RawLink link) => outside?.SurelyOutside(link.Value) == true && link.Tag != HtmlLinks.MetaRefreshTag;

    /// <summary>
    /// Whether <paramref name="link"/>, resolved to <paramref name="href"/>, is left out: the crawl is done with
    /// it (<c>CrawlState.IsKnown</c>, which passes over such links when they are sent). A link
    /// with a fragment is sent: its anchor is checked against the page's.
    /// </summary>
    public bool Resolved(RawLink link, string href) =>
        done is not null && !href.Contains('#', StringComparison.Ordinal) && link.Tag != HtmlLinks.MetaRefreshTag && done.Contains(href);
}
