using WebFetch.Pipeline;
using WebFetch.Protocol;

namespace WebFetch.Crawl;

/// <summary>
/// The local workers for a crawl: each URL is sent with the fetch options of its mode
/// (<see cref="FetchMode"/>, as the crawl decided it): pages in scope parsed for their links
/// and anchors, the rest only checked, robots.txt with its body.
/// </summary>
/// <param name="options">The JSON of the fetch options of each mode.</param>
internal sealed class CrawlJobClient(WorkerClient client, CrawlHub hub, IReadOnlyDictionary<FetchMode, string> options) : IJobClient
{
    public Task<FetchResult> FetchAsync(Job job, CancellationToken abort) =>
        client.FetchAsync(job.Line, options[hub.ModeOf(job.Line.Text) ?? FetchMode.CheckOnly], abort);

    public void Admitted(Job job)
    {
        // the workers need nothing before a job starts
    }

    public void CheckIfDue(TimeSpan now) => client.Socket.CheckIfDue(now);
}
