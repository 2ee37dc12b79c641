using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// The anchors of one page fetched, as the crawl keeps them: their hashes
/// (<see cref="UrlHash.OfAnchor"/>, sorted, searched by halves), the URL they were read at when
/// HTTP redirects led elsewhere, and where the page's <c>meta http-equiv=refresh</c> leads, if it has one.
/// Immutable.
/// </summary>
internal sealed class AnchorPage
{
    /// <summary>Bytes of a page's entry besides its anchors and URLs: the dictionary's slot, the object, the array's header.</summary>
    private const long EntryBytes = 64;

    private readonly uint[] _hashes;

    public AnchorPage(IReadOnlyList<string> anchors, string? finalUrl, string? refresh)
    {
        _hashes = new uint[anchors.Count];
        for (int i = 0; i < _hashes.Length; i++)
        {
            _hashes[i] = UrlHash.OfAnchor(anchors[i]);
        }
        Array.Sort(_hashes);
        FinalUrl = finalUrl;
        Refresh = refresh;
    }

    /// <summary>Where the anchors were read, when HTTP redirects led away from the URL linked to; null otherwise.</summary>
    public string? FinalUrl { get; }

    /// <summary>The URL the page's meta refresh leads to, as the worker resolved it; null when it has none.</summary>
    public string? Refresh { get; }

    /// <summary>What keeping it costs, for <see cref="AnchorIndex"/>'s budget.</summary>
    public long Bytes => EntryBytes + (4L * _hashes.Length) + (2L * ((FinalUrl?.Length ?? 0) + (Refresh?.Length ?? 0)));

    /// <summary>Whether the page has what <paramref name="fragment"/> points to (<see cref="Fragments"/>).</summary>
    public bool Has(string fragment) => Fragments.Found(fragment, HasAnchor);

    private bool HasAnchor(string anchor) => Array.BinarySearch(_hashes, UrlHash.OfAnchor(anchor)) >= 0;
}
