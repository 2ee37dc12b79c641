using System.Diagnostics;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Serilog;
using WebFetch.Pipeline;
using WebFetch.Protocol;

namespace WebFetch.Queue;

/// <summary>
/// The collector's job client: a job started is published on its run's jobs subject (its
/// message id makes a second publication within the duplicate window a no-op), and its record
/// is awaited from the <see cref="RecordBook"/>; a job whose record the book already holds
/// (a re-attached run) is not published at all. Every job publishes on its own and awaits its
/// own acknowledgement, so as many publications are under way at once as jobs start: one
/// connection, no round trip waited for between two jobs. A publication the server does not
/// acknowledge (it is away, restarting) is tried again until it is, or the run stops. Once
/// <see cref="StopPublishingAsync"/> is called, nothing more is published. With
/// <paramref name="modes"/>, each job names the set of the run's fetch options it is fetched with.
/// </summary>
internal sealed class QueueJobClient(INatsJSContext js, string run, RecordBook book, StopCause cause, JobModes? modes = null) : IJobClient
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _publishing;
    private bool _stopped;
    private int _troubled;
    private long _published;

    /// <summary>Jobs published so far.</summary>
    public long Published => Interlocked.Read(ref _published);

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
        if (!await PublishAsync(job, key, abort).ConfigureAwait(false))
        {
            book.Abandon(key);
            return FetchResult.Failed(job.Line.Text, ErrorKind.Interrupted, cause.NotStarted);
        }
        try
        {
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

    /// <summary>Publishes nothing more, and returns once the publications under way have ended (acknowledged, or given up): after that, a purge of the run's jobs leaves none behind.</summary>
    public Task StopPublishingAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            if (_publishing == 0)
            {
                _drained.TrySetResult();
            }
        }
        return _drained.Task;
    }

    /// <summary>True once the server has the job (or had it already); false when the run stopped first.</summary>
    private async Task<bool> PublishAsync(Job job, JobKey key, CancellationToken abort)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }
            _publishing++;
        }
        try
        {
            string id = key.ToString();
            byte[] message = JsonSerializer.SerializeToUtf8Bytes(new JobMessage(run, id, job.Line.Url!.HrefWithoutFragment, modes?.Of(job.Line)), QueueJson.Default.JobMessage);
            var options = new NatsJSPubOpts { MsgId = QueueNames.JobMessageId(run, id) };
            while (true)
            {
                try
                {
                    PubAckResponse ack = await js.PublishAsync(QueueNames.Jobs(run), message, opts: options, cancellationToken: abort).ConfigureAwait(false);
                    ack.EnsureStored();
                    Interlocked.Increment(ref _published);
                    if (Interlocked.Exchange(ref _troubled, 0) != 0)
                    {
                        Log.Information("the queue takes jobs again");
                    }
                    return true;
                }
                catch (Exception e) when (e is NatsException or TimeoutException)
                {
                    if (Interlocked.Exchange(ref _troubled, 1) == 0)
                    {
                        Log.Warning("the queue does not take jobs ({Reason}); trying again every {Seconds} s", Errors.ExceptionChain.Innermost(e).Message, Timings.QueuePublishRetry.TotalSeconds);
                    }
                }
                lock (_gate)
                {
                    if (_stopped)
                    {
                        return false;
                    }
                }
                await Task.Delay(Timings.QueuePublishRetry, abort).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            lock (_gate)
            {
                if (--_publishing == 0 && _stopped)
                {
                    _drained.TrySetResult();
                }
            }
        }
    }
}
