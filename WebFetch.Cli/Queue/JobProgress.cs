using System.Collections.Concurrent;
using NATS.Client.JetStream;
using Serilog;

namespace WebFetch.Queue;

/// <summary>
/// While an agent works on jobs, tells the queue for each that it still does (AckProgress), so
/// that a job is not delivered to another machine after the ack wait; the job's heartbeat across
/// machines, as a worker's heartbeat is the parent's. One loop for every job in hand: it wakes
/// every half <c>every</c> and tells each job in hand for <c>every</c> since it came or was last
/// told, so a job is told at most 1.5 x <c>every</c> apart, and a job done sooner costs no timer
/// and no message. Ends when disposed.
/// </summary>
internal sealed class JobProgress : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, Entry> _inHand = new();
    private readonly TimeSpan _every;
    private readonly TimeProvider _clock;
    private readonly Func<INatsJSMsg<byte[]>, CancellationToken, ValueTask> _tell;
    private readonly CancellationTokenSource _end = new();
    private readonly Task _loop;
    private long _next;

    /// <param name="tell">How a job is told about: AckProgress, unless a test says otherwise.</param>
    public JobProgress(TimeSpan every, TimeProvider clock, Func<INatsJSMsg<byte[]>, CancellationToken, ValueTask>? tell = null)
    {
        _every = every;
        _clock = clock;
        _tell = tell ?? ((job, ct) => job.AckProgressAsync(cancellationToken: ct));
        _loop = Task.Run(() => TellAsync(_end.Token), CancellationToken.None);
    }

    /// <summary>Jobs being told about now.</summary>
    public int InHand => _inHand.Count;

    /// <summary>Tells the queue about <paramref name="job"/> until the returned lease is disposed.</summary>
    public Lease Track(INatsJSMsg<byte[]> job)
    {
        long id = Interlocked.Increment(ref _next);
        _inHand[id] = new Entry(job, _clock.GetTimestamp());
        return new Lease(this, id);
    }

    private async Task TellAsync(CancellationToken end)
    {
        using var timer = new PeriodicTimer(_every / 2, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(end).ConfigureAwait(false))
            {
                long now = _clock.GetTimestamp();
                foreach ((long id, Entry entry) in _inHand)
                {
                    if (_clock.GetElapsedTime(entry.Since, now) >= _every && _inHand.TryUpdate(id, entry with { Since = now }, entry))
                    {
                        await TellOneAsync(entry.Job, end).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // the agent stops
        }
    }

    private async ValueTask TellOneAsync(INatsJSMsg<byte[]> job, CancellationToken end)
    {
        try
        {
            await _tell(job, end).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Debug("could not tell the queue that job {Subject} is in progress: {Reason}", job.Subject, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _end.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _end.Dispose();
    }

    private sealed record Entry(INatsJSMsg<byte[]> Job, long Since);

    /// <summary>A job told about until disposed.</summary>
    public readonly struct Lease(JobProgress owner, long id) : IDisposable
    {
        public void Dispose() => owner._inHand.TryRemove(id, out _);
    }
}
