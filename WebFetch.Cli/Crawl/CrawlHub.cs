using WebFetch.Protocol;
using WebFetch.Supervisor;
using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// The crawl's state shared by its three places in the pipeline, under one lock: the source
/// takes URLs from it (<see cref="CrawlSource"/>), the job client asks how to fetch each
/// (<see cref="CrawlJobClient"/>), and the sink gives it every record back (<see cref="CrawlSink"/>),
/// which wakes the source: a record's links are the source's next URLs.
/// </summary>
internal sealed class CrawlHub(CrawlState state)
{
    private readonly Lock _gate = new();
    private readonly AsyncSignal _changed = new();

    public CrawlCounts Counts => state.Counts;

    public void AddStart(WebUrl url, string kind)
    {
        lock (_gate)
        {
            state.AddStart(url, kind);
        }
        _changed.Set();
    }

    /// <summary>The next URL to fetch; false when none is ready, and <paramref name="finished"/> once none ever will be.</summary>
    public bool TryNext(out CrawlTarget target, out bool finished)
    {
        lock (_gate)
        {
            finished = false;
            if (state.TryNext(out target))
            {
                return true;
            }
            finished = state.IsFinished;
            return false;
        }
    }

    public FetchMode? ModeOf(string key)
    {
        lock (_gate)
        {
            return state.ModeOf(key);
        }
    }

    /// <summary>Whether the crawl follows none of the links of the page <paramref name="key"/> names (<see cref="CrawlState.FollowsNoLinksOf"/>).</summary>
    public bool FollowsNoLinksOf(string key)
    {
        lock (_gate)
        {
            return state.FollowsNoLinksOf(key);
        }
    }

    /// <summary>Gives a record back; returns the records to write now.</summary>
    public IReadOnlyList<FetchResult> OnRecord(FetchResult record)
    {
        IReadOnlyList<FetchResult> written;
        lock (_gate)
        {
            written = state.OnRecord(record);
        }
        _changed.Set();
        return written;
    }

    /// <summary>The records held to the end (the broken links, with every referrer).</summary>
    public IReadOnlyList<FetchResult> Finish()
    {
        lock (_gate)
        {
            return state.Finish();
        }
    }

    /// <summary>Waits until a record came back (or <paramref name="timeout"/>).</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);
}
