using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// A page's links with each repeated link reported once: the same URL (fragment included)
/// found again with the same tag and kind (a link element's kind is its rel's) becomes the <see cref="FoundLink.Count"/> of its first
/// occurrence, which keeps its place in document order, its line, column and text.
/// Documentation pages name the same items over and over (a type in every signature, the
/// sidebar on every page); the crawl's parent then reads each of them once per page.
/// </summary>
internal static class LinkRepeats
{
    public static List<FoundLink> Fold(IEnumerable<FoundLink> links)
    {
        var firsts = new List<FoundLink>();
        var counts = new List<int>();
        var index = new Dictionary<(string Url, string Tag, string Kind), int>();
        foreach (FoundLink link in links)
        {
            if (index.TryGetValue((link.Url, link.Tag, link.Kind), out int at))
            {
                counts[at] += link.Occurrences;
                continue;
            }
            index.Add((link.Url, link.Tag, link.Kind), firsts.Count);
            firsts.Add(link);
            counts.Add(link.Occurrences);
        }
        for (int i = 0; i < firsts.Count; i++)
        {
            if (counts[i] > 1)
            {
                firsts[i] = firsts[i] with { Count = counts[i] };
            }
        }
        return firsts;
    }
}
