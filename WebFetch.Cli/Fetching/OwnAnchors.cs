using WebFetch.Urls;

namespace WebFetch.Fetching;

/// <summary>
/// A crawl's links from a page to its own anchors, checked where the page is parsed
/// (<see cref="FetchOptions.CheckOwnAnchors"/>): a link that resolves to the URL the page was
/// asked for and a fragment the page has (<see cref="Fragments.Found"/>, against the exact
/// anchors where the crawl keeps 32-bit hashes of them), or an empty one or <c>top</c>, is
/// one the crawl would take and drop: the page is done, its anchors kept, the fragment found.
/// A fragment the URL parser would not keep as written (<see cref="Fragments.Plain"/>) is left
/// to the crawl, which reads it parsed.
/// </summary>
/// <param name="pageUrl">The URL the page was asked for, as the crawl knows it (not where redirects led).</param>
/// <param name="hasAnchor">Whether the page has an id or a[name] of that value.</param>
internal sealed class OwnAnchors(string pageUrl, Func<string, bool> hasAnchor)
{
    /// <summary>Whether the resolved link <paramref name="href"/> is to one of the page's anchors that it has.</summary>
    public bool Has(string href)
    {
        if (href.Length <= pageUrl.Length || href[pageUrl.Length] != '#' || !href.StartsWith(pageUrl, StringComparison.Ordinal))
        {
            return false;
        }
        string fragment = href[(pageUrl.Length + 1)..];
        return !fragment.AsSpan().ContainsAnyExcept(Fragments.Plain) && (Fragments.AlwaysFound(fragment) || Fragments.Found(fragment, hasAnchor));
    }
}
