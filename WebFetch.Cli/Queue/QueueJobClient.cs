using System.Diagnostics;
using Serilog;
using WebFetch.Pipeline;
using WebFetch.Protocol;

namespace WebFetch.Queue;

/// <summary>
/// The collector's job client: a job started is published on its run's jobs stream in a
/// bundle with the others started with it (<see cref="JobBundler"/>), and its record is awaited
/// from the <see cref="RecordBook"/>; a job whose record the book already holds, or that is
/// still in the queue from a collector before this one (<paramref name="queued"/>, read when a
/// run re-attaches), is not published at all. No round trip is waited for between two jobs. A
/// publication the server does not take (it is away, restarting) is tried again until it is,
/// or the run stops. Once <see cref="StopPublishingAsync"/> is called, nothing more is
/// published. With <paramref name="modes"/>, each job names the set of the run's fetch options
/// it is fetched with.
/// </summary>
internal sealed class QueueJobClient(JobBundler bundler, RecordBook book, StopCause cause, JobModes? modes = null, IReadOnlySet<JobKey>? queued = null) : IJobClient
{
    /// <summary>Lines published so far.</summary>
    public long Published => bundler.Published;

    /// <summary>Jobs published so far (a job holds one or more lines).</summary>
    public long Jobs => bundler.Jobs;

    public void Admitted(Job job) => book.Admitted(JobKey.Of(job.Line));

    public void CheckIfDue(TimeSpan now)
    {
        // nothing to watch: the client reconnects by itself, and a publication retries
    }

    public async Task<FetchResult> FetchAsync(Job job, CancellationToken abort)
    {
        JobKey key = JobKey.Of(job.Line);
        long started = Stopwatch.GetTimestamp();
        if (book.TryStart(key, out FetchResult held, out Task<FetchResult> pending))
        {
            Log.Debug("{Url}: its record was in the queue already", job.Line.Text);
            return held with { Url = job.Line.Text };
        }
        try
        {
            if (queued?.Contains(key) == true)
            {
                Log.Debug("{Url}: its job is in the queue already", job.Line.Text);
            }
            else if (!await bundler.AddAsync(new JobLine(key.ToString(), job.Line.Url!.HrefWithoutFragment, modes?.Of(job.Line)), abort).ConfigureAwait(false))
            {
                book.Abandon(key);
                return FetchResult.Failed(job.Line.Text, ErrorKind.Interrupted, cause.NotStarted);
            }
            FetchResult record = await pending.WaitAsync(abort).ConfigureAwait(false);
            return record with { Url = job.Line.Text };
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            book.Abandon(key);
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
            Log.Debug("{Url}: interrupted while queued or with an agent", job.Line.Text);
            return FetchResult.Failed(job.Line.Text, ErrorKind.Interrupted, cause.InQueue(elapsed)) with { ElapsedMs = (long)elapsed.TotalMilliseconds };
        }
    }

    /// <summary>Publishes nothing more, and returns once the publications under way have ended (taken, or given up): after that, a removal of the run's jobs leaves none behind.</summary>
    public Task StopPublishingAsync() => bundler.StopAsync();
}
