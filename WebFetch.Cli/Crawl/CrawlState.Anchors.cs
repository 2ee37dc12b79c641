using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// The anchor check past the page a fragment link names: a page that lacks the anchor but
/// refreshes elsewhere (<c>meta http-equiv=refresh</c>, as documentation sites leave at an old
/// address) is not where a reader ends up, so the fragment is looked for where the refresh leads,
/// up to <see cref="CrawlSettings.MaxRefreshes"/> pages on (none with <c>--max-redirects 0</c>). A page reached that way may come
/// before or after the page that refreshes to it: the links that need it wait for it. Also the
/// fragments <c>--ignore-anchor</c> passes over.
/// </summary>
internal sealed partial class CrawlState
{
    /// <summary>Fragment links waiting for a page a meta refresh leads to, by that page's key, then by the link; with the refreshes that led there.</summary>
    private readonly Dictionary<string, Dictionary<string, (FragmentLink Link, int Hops)>> _refreshWaits = new(StringComparer.Ordinal);

    /// <summary>The fragment of a link to check: null when it has none, needs no element, anchors are not checked, or <c>--ignore-anchor</c> passes over it (counted).</summary>
    private string? FragmentToCheck(WebUrl url)
    {
        if (!settings.CheckAnchors || url.Fragment is not { } fragment || Fragments.AlwaysFound(fragment))
        {
            return null;
        }
        if (settings.IgnoreAnchors.Ignores(fragment))
        {
            Counts.AnchorsIgnored++;
            return null;
        }
        return fragment;
    }

    /// <summary>Keeps the anchors of a page in scope just fetched, with where they were read and where its meta refresh leads.</summary>
    private AnchorPage? KeepAnchors(string key, FetchResult record)
    {
        if (record.Anchors is not { } anchors)
        {
            return null;
        }
        string? final = record.FinalUrl is { } f && f != key ? f : null;
        var page = new AnchorPage(anchors, final, RefreshOf(record.FoundLinks));
        _anchors.Keep(key, page);
        return page;
    }

    /// <summary>The URL of a page's first meta refresh (the one a browser follows), or null.</summary>
    private static string? RefreshOf(IReadOnlyList<FoundLink>? links)
    {
        foreach (FoundLink link in links ?? [])
        {
            if (link.Invalid != true && link.Tag == "meta@refresh")
            {
                return link.Url;
            }
        }
        return null;
    }

    /// <summary>
    /// <paramref name="page"/> (<paramref name="pageKey"/>, reached from the link's own page by
    /// <paramref name="hops"/> meta refreshes) lacks the link's fragment: the check goes on where its
    /// refresh leads, or the link is a missing anchor. A refresh to a URL with a fragment of its own
    /// lands there, not at the link's fragment: that URL is a link of its page, checked as such.
    /// </summary>
    private void Lacking(FragmentLink link, AnchorPage page, string pageKey, int hops)
    {
        while (settings.MaxRefreshes > 0 && page.Refresh is { } refresh && WebUrl.TryParse(refresh, out WebUrl? next, out _) && next.HrefWithoutFragment != pageKey)
        {
            if (next.Fragment is not null)
            {
                return;
            }
            if (hops == settings.MaxRefreshes)
            {
                Missing(link, $"neither {link.Key} nor the {hops} pages its meta refreshes lead to has an element with id or name \"{link.Fragment}\", and the refreshes go on past that");
                return;
            }
            pageKey = next.HrefWithoutFragment;
            hops++;
            if (_anchors.Find(pageKey) is not { } nextPage)
            {
                Await(link, pageKey, hops);
                return;
            }
            if (nextPage.Has(link.Fragment))
            {
                return;
            }
            page = nextPage;
        }
        string where = page.FinalUrl ?? pageKey;
        string how = hops == 0 ? (page.FinalUrl is null ? "" : $" ({link.Key} redirects there)")
            : $" ({link.Key} leads there by {(hops == 1 ? "a meta refresh" : $"{hops} meta refreshes")})";
        Missing(link, $"{where} has no element with id or name \"{link.Fragment}\"{how}");
    }

    private void Missing(FragmentLink link, string message) =>
        MissingAnchor(link.Url, link.Key, link.Fragment, link.Depth, message).Referrers.Merge(link.Referrers);

    /// <summary>The page a refresh leads to is not known yet: the link waits for it if it is to come, else it is counted as not checked (a broken page is reported as itself).</summary>
    private void Await(FragmentLink link, string pageKey, int hops)
    {
        if (_broken.ContainsKey(pageKey))
        {
            return;
        }
        if (!_pending.ContainsKey(pageKey) && !Queued.TryGetSpilled(pageKey, out _))
        {
            Counts.RefreshAnchorsNotChecked++;
            return;
        }
        if (!_refreshWaits.TryGetValue(pageKey, out var waits))
        {
            waits = new(StringComparer.Ordinal);
            _refreshWaits.Add(pageKey, waits);
        }
        if (waits.TryGetValue(link.Link, out var waiting))
        {
            waiting.Link.Referrers.Merge(link.Referrers);
        }
        else
        {
            waits.Add(link.Link, (link, hops));
        }
    }

    /// <summary>The record of <paramref name="key"/> came back: the links waiting for it are checked against its anchors (<paramref name="page"/>, null when it has none in scope).</summary>
    private void SettleRefreshWaits(string key, AnchorPage? page)
    {
        if (_refreshWaits.Count == 0 || !_refreshWaits.Remove(key, out var waits))
        {
            return;
        }
        foreach ((FragmentLink link, int hops) in waits.Values)
        {
            if (page is null)
            {
                Counts.RefreshAnchorsNotChecked += _broken.ContainsKey(key) ? 0 : 1;
            }
            else if (!page.Has(link.Fragment))
            {
                Lacking(link, page, key, hops);
            }
        }
    }

    /// <summary>At the end of the crawl, links still waiting for a page whose record never came (a crawl stopped early) were not checked; a page refused by robots.txt is reported as itself.</summary>
    private void DropRefreshWaits()
    {
        foreach ((string key, var waits) in _refreshWaits)
        {
            Counts.RefreshAnchorsNotChecked += _broken.ContainsKey(key) ? 0 : waits.Count;
        }
        _refreshWaits.Clear();
    }
}
