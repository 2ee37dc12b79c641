using WebFetch.Protocol;

namespace WebFetch.Crawl;

/// <summary>The pages that link to one URL: the first <see cref="Defaults.MaxReferrers"/> in the order found, and how many in all.</summary>
internal sealed class ReferrerList
{
    private readonly List<Referrer> _first = [];

    public IReadOnlyList<Referrer> First => _first;

    public int Total { get; private set; }

    public void Add(Referrer referrer) => Add(referrer, 1);

    /// <summary>A link found <paramref name="occurrences"/> times on one page: listed once (where it is first found), counted each time.</summary>
    public void Add(Referrer referrer, int occurrences)
    {
        Total += occurrences;
        if (_first.Count < Defaults.MaxReferrers)
        {
            _first.Add(referrer);
        }
    }

    /// <summary>Counts <paramref name="count"/> referrers found past the list (the frontier's spill file keeps only the list and the total).</summary>
    public void AddUnlisted(int count) => Total += count;

    /// <summary>Adds every referrer of <paramref name="other"/>: its listed ones while there is room, and its total.</summary>
    public void Merge(ReferrerList other)
    {
        foreach (Referrer referrer in other.First)
        {
            Add(referrer);
        }
        Total += other.Total - other.First.Count;
    }
}
