namespace WebFetch.Crawl;

/// <summary>
/// The anchors (ids and <c>a[name]</c> values) of the pages crawled, kept so that a fragment
/// link found after its page was fetched can still be checked: 4 bytes an anchor
/// (<see cref="UrlHash.OfAnchor"/>, sorted, searched by halves) plus the page's entry, within
/// <see cref="Defaults.AnchorBudgetBytes"/>. Past the budget the anchors of further pages are
/// not kept: <see cref="Check"/> then says unknown, and the crawl counts and reports such links.
/// Not thread-safe.
/// </summary>
internal sealed class AnchorIndex(long budgetBytes)
{
    private const long EntryBytes = 64;

    private readonly Dictionary<ulong, uint[]> _pages = [];
    private long _bytes;

    /// <summary>Pages whose anchors were not kept for the budget.</summary>
    public int PagesNotKept { get; private set; }

    /// <summary>Keeps the anchors of the page <paramref name="pageKey"/>, if the budget allows.</summary>
    public void Keep(string pageKey, IReadOnlyList<string> anchors)
    {
        long bytes = EntryBytes + (4L * anchors.Count);
        if (_bytes + bytes > budgetBytes)
        {
            PagesNotKept++;
            return;
        }
        uint[] hashes = [.. anchors.Select(UrlHash.OfAnchor)];
        Array.Sort(hashes);
        if (_pages.TryAdd(UrlHash.Of(pageKey), hashes))
        {
            _bytes += bytes;
        }
    }

    /// <summary>Whether the page has an element for <paramref name="fragment"/>; null when its anchors are not known.</summary>
    public bool? Check(string pageKey, string fragment)
    {
        if (!_pages.TryGetValue(UrlHash.Of(pageKey), out uint[]? hashes))
        {
            return null;
        }
        return Fragments.Targets(fragment).Any(f => Array.BinarySearch(hashes, UrlHash.OfAnchor(f)) >= 0);
    }

    /// <summary>Whether one of <paramref name="anchors"/> is what <paramref name="fragment"/> points to.</summary>
    public static bool Has(IReadOnlyList<string> anchors, string fragment) =>
        Fragments.Targets(fragment).Any(f => anchors.Contains(f, StringComparer.Ordinal));
}
