namespace WebFetch.Reports;

/// <summary>
/// A link worth updating: its target answers with a permanent redirect (301 or 308), so the
/// pages that link to it should point at <see cref="Target"/>, where the permanent hops lead.
/// </summary>
internal sealed record RedirectToUpdate(ReportEntry Entry, int Status, string Target)
{
    /// <summary>
    /// The entries that pages link to, whose chain starts with a permanent redirect and that
    /// are not broken in the end (those are in the broken section), in the order of
    /// <see cref="BrokenTargets.Select"/>: most links first.
    /// </summary>
    public static IReadOnlyList<RedirectToUpdate> Select(IReadOnlyList<ReportEntry> entries)
    {
        var found = new List<RedirectToUpdate>();
        foreach (ReportEntry entry in entries)
        {
            if (entry.Redirects.Count == 0 || !IsPermanent(entry.Redirects[0].Status)
                || BrokenTargets.LinkCount(entry) == 0 || BrokenTargets.IsBroken(entry))
            {
                continue;
            }

            if (PermanentTarget(entry) is { } target)
            {
                found.Add(new RedirectToUpdate(entry, entry.Redirects[0].Status, target));
            }
        }

        found.Sort(static (a, b) =>
        {
            int byLinks = BrokenTargets.LinkCount(b.Entry).CompareTo(BrokenTargets.LinkCount(a.Entry));
            return byLinks != 0 ? byLinks : string.CompareOrdinal(a.Entry.Url, b.Entry.Url);
        });
        return found;
    }

    /// <summary>301 Moved Permanently and 308 Permanent Redirect: the ones a link should follow for good.</summary>
    public static bool IsPermanent(int status) => status is 301 or 308;

    /// <summary>
    /// Where the permanent hops at the start of the chain lead: the URL after the last of them
    /// (a later temporary hop is not followed, as its target may change again), or the final
    /// URL when every hop was permanent; null when the entry has no final URL.
    /// </summary>
    private static string? PermanentTarget(ReportEntry entry)
    {
        IReadOnlyList<RedirectStep> hops = entry.Redirects;
        int next = 0;
        while (next < hops.Count && IsPermanent(hops[next].Status))
        {
            next++;
        }

        return next < hops.Count ? hops[next].Url : entry.FinalUrl;
    }
}
