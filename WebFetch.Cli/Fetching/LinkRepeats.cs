using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// A page's links with each repeated link reported once: the same URL (fragment included)
/// found again with the same tag and kind (a link element's kind is its rel's) becomes the
/// <see cref="FoundLink.Count"/> of its first occurrence, which keeps its place in document
/// order, its line, column and text. Documentation pages name the same items over and over
/// (a type in every signature, the sidebar on every page); the crawl's parent then reads each
/// of them once per page. A repeat is known by its URL before its link is made
/// (<see cref="IndexOf"/>), so a repeat is neither placed nor made.
/// </summary>
internal sealed class LinkRepeats
{
    private readonly List<FoundLink> _firsts = [];
    private readonly List<int> _counts = [];
    private readonly Dictionary<LinkKey, int> _index = [];

    /// <summary>The links so far, each once.</summary>
    public int Count => _firsts.Count;

    /// <summary>Forgets every link, keeping the tables' room for the next page.</summary>
    public void Clear()
    {
        _firsts.Clear();
        _counts.Clear();
        _index.Clear();
    }

    /// <summary>Where the page had this link before (the <paramref name="url"/>, fragment included, with its tag and kind); -1 when it had not.</summary>
    public int IndexOf(string url, string tag, string kind) => _index.TryGetValue(new LinkKey(url, tag, kind), out int at) ? at : -1;

    /// <summary>The link at <paramref name="at"/> (<see cref="IndexOf"/>, <see cref="Add"/>) found <paramref name="occurrences"/> times more.</summary>
    public void Repeat(int at, int occurrences = 1) => _counts[at] += occurrences;

    /// <summary>A link the page did not have before (<see cref="IndexOf"/> said -1); its index.</summary>
    public int Add(FoundLink link)
    {
        int at = _firsts.Count;
        _index.Add(new LinkKey(link.Url, link.Tag, link.Kind), at);
        _firsts.Add(link);
        _counts.Add(link.Occurrences);
        return at;
    }

    /// <summary>The links in the order first found, each with its count when more than one.</summary>
    public List<FoundLink> Links()
    {
        var links = new List<FoundLink>(_firsts.Count);
        for (int i = 0; i < _firsts.Count; i++)
        {
            links.Add(_counts[i] > 1 ? _firsts[i] with { Count = _counts[i] } : _firsts[i]);
        }
        return links;
    }
}
