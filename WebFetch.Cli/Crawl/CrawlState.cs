using System.Text;
using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// The crawl's bookkeeping, as pure logic: the seen-set, the frontier (breadth-first), the URLs
/// pending (queued, held for their host's robots.txt, in flight) with their referrers, the broken
/// ones (held to the end with every referrer), the anchors of the pages fetched. Records come in
/// (<see cref="OnRecord"/>): their links go to the frontier, their OK records out at once, the
/// broken ones at the end (<see cref="Finish"/>). Memory follows the frontier and the broken links,
/// not the site: a URL's state is dropped once its OK record is out, and the seen-set keeps 8 bytes
/// of it. Not thread-safe: <see cref="CrawlHub"/> calls it under its lock. Disposing it removes
/// the frontier's spill file.
/// </summary>
internal sealed partial class CrawlState(CrawlSettings settings, Action<string, TimeSpan> setHostDelay) : IDisposable
{
    private readonly SeenSet _seen = new();
    private readonly LinkAddresses _addresses = new();
    private Frontier? _frontier;
    private readonly RobotsGate _robots = new(settings.UserAgentToken, new RobotsCache(TimeProvider.System));
    private readonly AnchorIndex _anchors = new(settings.AnchorBudgetBytes);
    private readonly Dictionary<string, UrlState> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UrlState> _broken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CrawlTarget> _robotsPending = new(StringComparer.Ordinal);
    private long _order;

    public CrawlCounts Counts { get; } = new();

    /// <summary>
    /// Where the URLs done are told to the workers, or null: a local crawl's workers leave the
    /// links to them out of the pages they send, which <see cref="IsKnown"/> would pass over. Not
    /// with <see cref="Resume"/>: a page's record kept for a later crawl holds all its links.
    /// </summary>
    public DoneUrlTable? DoneTable { get; init; }

    /// <summary>URLs taken so far (the seen-set's size).</summary>
    public int Taken => _seen.Count;

    /// <summary>Nothing queued, held or in flight: the crawl is over.</summary>
    public bool IsFinished => _pending.Count == 0 && _robotsPending.Count == 0 && Queued.Count == 0;

    /// <summary>The frontier, made on first use (a field initializer cannot name <see cref="_pending"/>): a URL it spills to disk leaves <see cref="_pending"/> and comes back when taken.</summary>
    private Frontier Queued => _frontier ??= new Frontier(settings.FrontierMemoryUrls, Path.GetTempPath(), key => _pending.Remove(key));

    /// <summary>A start URL (<c>page</c>) or a <c>--sitemap</c> (<c>sitemap</c>), at depth 0.</summary>
    public void AddStart(WebUrl url, string kind) => Discover(url, 0, kind, null);

    /// <summary>The next URL to fetch, breadth-first; with <see cref="Resume"/>, the URLs the resume file has a record of are replayed on the way.</summary>
    public bool TryNext(out CrawlTarget target)
    {
        while (Queued.TryTake(out UrlState state))
        {
            target = state.Target;
            if (target.Mode != FetchMode.Robots)
            {
                _pending.TryAdd(target.Key, state); // back from the spill file, or still there
            }
            if (!TryReplay(target))
            {
                return true;
            }
        }
        target = null!;
        return false;
    }

    public void Dispose() => _frontier?.Dispose();

    /// <summary>How the URL the pipeline sends as <paramref name="key"/> is to be fetched.</summary>
    public FetchMode? ModeOf(string key) =>
        _robotsPending.ContainsKey(key) ? FetchMode.Robots : _pending.TryGetValue(key, out UrlState? state) ? state.Target.Mode : null;

    /// <summary>
    /// Whether the crawl follows none of the links of the page <paramref name="key"/> names (a
    /// page, not a sitemap, at the depth limit): its worker only counts them (<see cref="Fetching.FetchOptions.CountLinksOnly"/>).
    /// </summary>
    public bool FollowsNoLinksOf(string key) =>
        settings.MaxDepth is int max && _pending.TryGetValue(key, out UrlState? state)
        && state.Target is { Mode: FetchMode.Crawl } target && target.Kind != LinkKinds.Sitemap && target.Depth >= max;

    /// <summary>A URL's record came back: returns the records to write now (none for robots.txt or a broken URL, which is held).</summary>
    public IReadOnlyList<FetchResult> OnRecord(FetchResult record)
    {
        if (_robotsPending.Remove(record.Url, out CrawlTarget? robots))
        {
            RobotsArrived(robots, record);
            return [];
        }
        if (!_pending.Remove(record.Url, out UrlState? state))
        {
            return [record]; // not the crawl's: written as it is
        }
        CrawlTarget target = state.Target;
        if (record.Error is not null)
        {
            state.Record = record;
            _broken[target.Key] = state;
            SettleRefreshWaits(target.Key, null);
            return [];
        }
        if (target.Mode == FetchMode.Crawl && !_replaying)
        {
            Resume?.Keep(target.Key, record);
        }
        AnchorPage? page = null;
        if (target.Mode == FetchMode.Crawl && FinalInScope(record))
        {
            page = KeepAnchors(target.Key, record); // before its links: a link to itself is checked against them
            if (record.LinksCounted is int counted) // a page at the depth limit: its links counted, only its meta refresh sent (for its anchors)
            {
                Counts.BeyondDepth += counted;
            }
            else if (record.FoundLinks is { } links)
            {
                Follow(record, target, links);
            }
            if (page is not null)
            {
                CheckWaitingFragments(state, page); // after its links: a meta refresh's target is then known
            }
        }
        SettleRefreshWaits(target.Key, page);
        DoneTable?.Add(target.Key);
        return [CrawlRecords.Written(record, target, state.Referrers)];
    }

    /// <summary>The broken records, each with every referrer found: written at the end of the crawl.</summary>
    public IReadOnlyList<FetchResult> Finish()
    {
        DropRefreshWaits();
        return [.. _broken.Values.Select(s => CrawlRecords.Written(s.Record!, s.Target, s.Referrers))];
    }

    /// <summary>A page redirected out of scope is not followed: its links are another site's.</summary>
    private bool FinalInScope(FetchResult record) =>
        record.FinalUrl is null || record.FinalUrl == record.Url || !WebUrl.TryParse(record.FinalUrl, out WebUrl? final, out _) || settings.Scope.Contains(final);

    private void RobotsArrived(CrawlTarget robots, FetchResult record)
    {
        RobotsRules? rules = null;
        FetchError? failure = null;
        if (record.Status is null && record.Error is not null)
        {
            failure = record.Error;
        }
        else
        {
            rules = RobotsRules.ForStatus(record.Status, Encoding.UTF8.GetBytes(record.Body ?? ""), _robots.UserAgentToken, truncated: record.BodyTruncated == true);
            if (rules.CrawlDelay is { } delay && delay > TimeSpan.Zero)
            {
                setHostDelay(robots.Url!.Host, delay); // at most Defaults.MaxCrawlDelay: the parser bounds it
            }
        }
        foreach ((CrawlTarget target, RobotsDecision decision) in _robots.Settle(robots.Url!, rules, failure))
        {
            Release(target, decision);
        }
    }

    /// <summary>A target the robots gate decided on: to the frontier, or broken with the gate's reason.</summary>
    private void Release(CrawlTarget target, RobotsDecision decision)
    {
        if (decision == RobotsDecision.Fetch)
        {
            Queued.Add(_pending.TryGetValue(target.Key, out UrlState? queued) ? queued : new UrlState(target));
            return;
        }
        if (_pending.Remove(target.Key, out UrlState? state))
        {
            state.Record = CrawlRecords.NotFetched(target.Key, _robots.Refusal(target, decision));
            _broken[target.Key] = state;
        }
    }
}
