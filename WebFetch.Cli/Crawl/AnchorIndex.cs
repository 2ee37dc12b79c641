namespace WebFetch.Crawl;

/// <summary>
/// The anchors (ids and <c>a[name]</c> values) of the pages crawled, kept so that a fragment
/// link found after its page was fetched can still be checked: 4 bytes an anchor plus the page's
/// entry (<see cref="AnchorPage"/>), within <see cref="Defaults.AnchorBudgetBytes"/>. Past the
/// budget the anchors of further pages are not kept: <see cref="Find"/> then finds nothing, and
/// the crawl counts and reports such links. Not thread-safe.
/// </summary>
internal sealed class AnchorIndex(long budgetBytes)
{
    private readonly Dictionary<ulong, AnchorPage> _pages = [];
    private long _bytes;

    /// <summary>Pages whose anchors were not kept for the budget.</summary>
    public int PagesNotKept { get; private set; }

    /// <summary>Keeps the anchors of the page <paramref name="pageKey"/>, if the budget allows.</summary>
    public void Keep(string pageKey, AnchorPage page)
    {
        long bytes = page.Bytes;
        if (_bytes + bytes > budgetBytes)
        {
            PagesNotKept++;
            return;
        }
        if (_pages.TryAdd(UrlHash.Of(pageKey), page))
        {
            _bytes += bytes;
        }
    }

    /// <summary>The anchors kept of the page <paramref name="pageKey"/>; null when they are not known.</summary>
    public AnchorPage? Find(string pageKey) => _pages.GetValueOrDefault(UrlHash.Of(pageKey));

    /// <summary>Whether the page has an element for <paramref name="fragment"/>; null when its anchors are not known.</summary>
    public bool? Check(string pageKey, string fragment) => Find(pageKey)?.Has(fragment);
}
