using WebFetch.Protocol;

namespace WebFetch.Crawl;

/// <summary>
/// What the crawl keeps of a URL while it is pending (queued, held for robots.txt, in flight)
/// or broken: its target, its referrers, the fragments linked to it that wait for its anchors,
/// and, once broken, its record (written at the end, with every referrer found until then).
/// </summary>
internal sealed class UrlState(CrawlTarget target)
{
    public CrawlTarget Target { get; } = target;

    public ReferrerList Referrers { get; } = new();

    /// <summary>Fragments linked to this page, each with its own referrers, checked when its anchors arrive.</summary>
    public Dictionary<string, ReferrerList>? Fragments { get; set; }

    public FetchResult? Record { get; set; }

    public void AddFragment(string fragment, Referrer? referrer, int occurrences = 1)
    {
        Fragments ??= new(StringComparer.Ordinal);
        if (!Fragments.TryGetValue(fragment, out ReferrerList? list))
        {
            list = new ReferrerList();
            Fragments.Add(fragment, list);
        }
        if (referrer is not null)
        {
            list.Add(referrer, occurrences);
        }
    }
}
