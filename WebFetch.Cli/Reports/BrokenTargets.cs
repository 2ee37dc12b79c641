namespace WebFetch.Reports;

/// <summary>
/// The broken links of a crawl grouped by target: one entry per broken URL (entries of the same
/// URL merged, their referrers joined), the targets most pages link to first.
/// </summary>
internal static class BrokenTargets
{
    /// <summary>A URL is broken when its fetch failed (an error kind) or the server answered 400 or above.</summary>
    public static bool IsBroken(ReportEntry entry) => entry.ErrorKind is not null || entry.Status >= 400;

    /// <summary>The broken entries, grouped by URL and sorted by their count of links (most first), then by URL.</summary>
    public static IReadOnlyList<ReportEntry> Select(IReadOnlyList<ReportEntry> entries)
    {
        var byUrl = new Dictionary<string, int>(StringComparer.Ordinal);
        var targets = new List<ReportEntry>();
        foreach (ReportEntry entry in entries)
        {
            if (!IsBroken(entry))
            {
                continue;
            }

            if (byUrl.TryGetValue(entry.Url, out int index))
            {
                ReportEntry first = targets[index];
                targets[index] = first with
                {
                    Referrers = [.. first.Referrers, .. entry.Referrers],
                    ReferrersTotal = first.ReferrersTotal + entry.ReferrersTotal,
                };
            }
            else
            {
                byUrl.Add(entry.Url, targets.Count);
                targets.Add(entry);
            }
        }

        targets.Sort(static (a, b) =>
        {
            int byLinks = LinkCount(b).CompareTo(LinkCount(a));
            return byLinks != 0 ? byLinks : string.CompareOrdinal(a.Url, b.Url);
        });
        return targets;
    }

    /// <summary>How many links point at the entry: the crawl's total, or the listed referrers when the total is lower.</summary>
    public static int LinkCount(ReportEntry entry) => Math.Max(entry.ReferrersTotal, entry.Referrers.Count);
}
