using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// A page's links with each repeated link reported once: the same URL (fragment included)
/// found again with the same tag and kind (a link element's kind is its rel's) becomes the
/// <see cref="FoundLink.Count"/> of its first occurrence, which keeps its place in document
/// order, its line, column and text. Documentation pages name the same items over and over
/// (a type in every signature, the sidebar on every page); the crawl's parent then reads each
/// of them once per page. A repeat is known by its URL before its link is made
/// (<see cref="Repeats"/>), so a repeat is neither placed nor made.
/// </summary>
internal sealed class LinkRepeats
{
    private readonly List<FoundLink> _firsts = [];
    private readonly List<int> _counts = [];
    private readonly Dictionary<(string Url, string Tag, string Kind), int> _index = [];

    /// <summary>Whether the page had this link before: then it is counted <paramref name="occurrences"/> times more.</summary>
    public bool Repeats(string url, string tag, string kind, int occurrences = 1)
    {
        if (!_index.TryGetValue((url, tag, kind), out int at))
        {
            return false;
        }
        _counts[at] += occurrences;
        return true;
    }

    /// <summary>A link the page did not have before (<see cref="Repeats"/> said false).</summary>
    public void Add(FoundLink link)
    {
        _index.Add((link.Url, link.Tag, link.Kind), _firsts.Count);
        _firsts.Add(link);
        _counts.Add(link.Occurrences);
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
