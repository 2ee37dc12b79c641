using WebFetch.Pipeline;
using WebFetch.Protocol;

namespace WebFetch.Crawl;

/// <summary>
/// The local workers for a crawl: each URL is sent with the fetch options of its mode
/// (<see cref="FetchMode"/>, as the crawl decided it): pages in scope parsed for their links
/// and anchors, the rest only checked, robots.txt with its body.
/// </summary>
/// <param name="options">The JSON of the fetch options of each mode.</param>
/// <param name="countLinksOnly">The JSON of the options of a page whose links the crawl will not follow (<see cref="CrawlFetchModes.CountLinksOnly"/>).</param>
internal sealed class CrawlJobClient(WorkerClient client, CrawlHub hub, IReadOnlyDictionary<FetchMode, string> options, string countLinksOnly) : IJobClient
{
    public Task<FetchResult> FetchAsync(Job job, CancellationToken abort)
    {
        FetchMode mode = hub.ModeOf(job.Line.Text) ?? FetchMode.CheckOnly;
        string given = mode == FetchMode.Crawl && hub.FollowsNoLinksOf(job.Line.Text) ? countLinksOnly : options[mode];
        return client.FetchAsync(job.Line, given, abort);
    }

    public void Admitted(Job job)
    {
        // the workers need nothing before a job starts
    }

    public void CheckIfDue(TimeSpan now) => client.Socket.CheckIfDue(now);
}
