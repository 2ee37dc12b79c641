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
/// <param name="baseHref">The page's base URL, which its links resolve against.</param>
/// <param name="hasAnchor">Whether the page has an id or a[name] of that value.</param>
internal sealed class OwnAnchors(string pageUrl, string baseHref, Func<string, bool> hasAnchor)
{
    /// <summary>Whether a fragment alone resolves to the page itself: its base is the URL it was asked for.</summary>
    private readonly bool _baseIsPage = baseHref == pageUrl;

    /// <summary>Whether the resolved link <paramref name="href"/> is to one of the page's anchors that it has.</summary>
    public bool Has(string href) =>
        href.Length > pageUrl.Length && href[pageUrl.Length] == '#' && href.StartsWith(pageUrl, StringComparison.Ordinal)
        && HasFragment(href.AsSpan(pageUrl.Length + 1));

    /// <summary>
    /// Whether <paramref name="value"/>, a link as the page writes it, is a fragment alone (<c>#...</c>)
    /// that resolves to one of the page's anchors that it has: when the page's base is the URL it
    /// was asked for, such a link is known without being resolved.
    /// </summary>
    public bool HasWritten(string value) =>
        _baseIsPage && value.Length > 0 && value[0] == '#' && HasFragment(value.AsSpan(1));

    private bool HasFragment(ReadOnlySpan<char> fragment)
    {
        if (fragment.ContainsAnyExcept(Fragments.Plain))
        {
            return false;
        }
        string text = fragment.ToString();
        return Fragments.AlwaysFound(text) || Fragments.Found(text, hasAnchor);
    }
}
