using WebFetch.Protocol;

namespace WebFetch.Crawl;

/// <summary>A crawl resumed: the URLs the resume file has a record of are replayed, not fetched.</summary>
internal sealed partial class CrawlState
{
    private bool _replaying;

    /// <summary>What the resume file has, with <c>--resume</c>; null for a crawl from nothing.</summary>
    public CrawlResume? Resume { get; init; }

    /// <summary>
    /// Replays the record of <paramref name="target"/> if the resume file has one: the record comes
    /// back as if fetched (its links followed, its anchors kept, a broken one held to be written
    /// again with every referrer), with the depth, kind and mode it had when written, so the
    /// crawl follows what it followed then. False when the URL is to be fetched.
    /// </summary>
    private bool TryReplay(CrawlTarget target)
    {
        if (Resume is null || target.Mode == FetchMode.Robots || !_pending.TryGetValue(target.Key, out UrlState? state)
            || !Resume.TryTake(target, out FetchResult record, out bool parsed))
        {
            return false;
        }
        CrawlTarget then = target with
        {
            Depth = record.Depth ?? target.Depth,
            Kind = record.Kind ?? target.Kind,
            External = record.External ?? target.External,
            Mode = parsed ? FetchMode.Crawl : record.Error is null ? FetchMode.CheckOnly : target.Mode,
        };
        var replayed = new UrlState(then) { Fragments = state.Fragments };
        replayed.Referrers.Merge(state.Referrers);
        _pending[target.Key] = replayed;
        _replaying = true;
        try
        {
            OnRecord(record); // an OK record is in the file already: what OnRecord gives to write is dropped
        }
        finally
        {
            _replaying = false;
        }
        return true;
    }
}
