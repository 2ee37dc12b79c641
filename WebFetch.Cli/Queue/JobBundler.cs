using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Serilog;

namespace WebFetch.Queue;

/// <summary>
/// Publishes a collector's jobs a bundle at a time (<see cref="JobMessage.Lines"/>): the lines
/// started within <c>linger</c> of a bundle's first go out as one job, sooner when it holds
/// <see cref="MaxLines"/>. A publication, its answer, a pull, a delivery and an acknowledgement
/// per bundle instead of per line: most of what the queue costs per URL. Lines start in bursts
/// (a batch of records frees as many slots at once), so bundles fill where it matters; a lone
/// line goes out alone after the linger. The bound is small: a bundle goes to one agent, which
/// may hold up to one bundle less a line more than its workers can take
/// (<see cref="Agent"/>), and a bundle's lines wait for one another before it is acknowledged.
/// <para>
/// A bundle is published until the server has it (its id, from its first and last key, makes
/// a second publication after a lost answer a no-op), or until <see cref="StopAsync"/>; a
/// failure is said once, and once more when the server takes jobs again. A publication cut
/// short by the stop may still reach the server: the run's jobs are removed after
/// <see cref="StopAsync"/> returns, and find it then.
/// </para>
/// </summary>
internal sealed class JobBundler : IDisposable
{
    /// <summary>The most lines in one job.</summary>
    public const int MaxLines = 4;

    private readonly INatsJSContext _js;
    private readonly string _run;
    private readonly TimeSpan _linger;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Bundle? _open;
    private int _publishing;
    private bool _stopped;
    private int _troubled;
    private long _published;
    private long _jobs;

    public JobBundler(INatsJSContext js, string run, TimeSpan linger, TimeProvider clock)
    {
        _js = js;
        _run = run;
        _linger = linger;
        _clock = clock;
    }

    /// <summary>Lines the server has taken so far.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Jobs (bundles) the server has taken so far.</summary>
    public long Jobs => Interlocked.Read(ref _jobs);

    /// <summary>Adds a line to the open bundle; true once the server has the bundle, false when the bundler stopped first. <paramref name="abort"/> stops the wait, not the bundle.</summary>
    public Task<bool> AddAsync(JobLine line, CancellationToken abort)
    {
        Bundle bundle;
        lock (_gate)
        {
            if (_stopped)
            {
                return Task.FromResult(false);
            }
            if (_open is null)
            {
                var fresh = new Bundle();
                fresh.Timer = _clock.CreateTimer(static state =>
                {
                    var (self, lingered) = ((JobBundler, Bundle))state!;
                    self.Lingered(lingered);
                }, (this, fresh), _linger, Timeout.InfiniteTimeSpan);
                _open = fresh;
            }
            bundle = _open;
            bundle.Lines.Add(line);
            if (bundle.Lines.Count >= MaxLines)
            {
                SendOpen();
            }
        }
        return bundle.Stored.Task.WaitAsync(abort);
    }

    /// <summary>Publishes nothing more (the open bundle is not sent: its lines are told false), and returns once the publications under way have ended (taken, or given up): after that, removing the run's jobs leaves none behind.</summary>
    public Task StopAsync()
    {
        Bundle? unsent;
        bool first;
        lock (_gate)
        {
            first = !_stopped;
            _stopped = true;
            unsent = _open;
            _open = null;
            if (_publishing == 0)
            {
                _drained.TrySetResult();
            }
        }
        if (unsent is not null)
        {
            unsent.Timer?.Dispose();
            unsent.Stored.TrySetResult(false);
        }
        if (first)
        {
            _stop.Cancel();
        }
        return _drained.Task;
    }

    private void Lingered(Bundle bundle)
    {
        lock (_gate)
        {
            if (_open == bundle)
            {
                SendOpen();
            }
        }
    }

    /// <summary>Sends the open bundle (under the lock).</summary>
    private void SendOpen()
    {
        Bundle bundle = _open!;
        _open = null;
        bundle.Timer?.Dispose();
        _publishing++;
        _ = PublishAsync(bundle);
    }

    private async Task PublishAsync(Bundle bundle)
    {
        await Task.Yield(); // off the caller's lock
        try
        {
            bundle.Stored.TrySetResult(await PublishUntilTakenAsync(bundle).ConfigureAwait(false));
        }
        catch (Exception e)
        {
            bundle.Stored.TrySetException(e);
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

    /// <summary>True once the server has the bundle (or had it already); false when the bundler stopped first.</summary>
    private async Task<bool> PublishUntilTakenAsync(Bundle bundle)
    {
        List<JobLine> lines = bundle.Lines;
        byte[] message = JsonSerializer.SerializeToUtf8Bytes(JobMessage.Of(_run, lines), QueueJson.Default.JobMessage);
        string id = lines.Count == 1 ? QueueNames.JobMessageId(_run, lines[0].Key) : QueueNames.BundleMessageId(_run, lines[0].Key, lines[^1].Key);
        var options = new NatsJSPubOpts { MsgId = id };
        while (true)
        {
            try
            {
                PubAckResponse ack = await _js.PublishAsync(QueueNames.Jobs(_run), message, opts: options, cancellationToken: _stop.Token).ConfigureAwait(false);
                ack.EnsureStored();
                Interlocked.Add(ref _published, lines.Count);
                Interlocked.Increment(ref _jobs);
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
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return false;
            }
            try
            {
                await Task.Delay(Timings.QueuePublishRetry, _clock, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>Frees the stop's token; after <see cref="StopAsync"/>.</summary>
    public void Dispose() => _stop.Dispose();

    private sealed class Bundle
    {
        public List<JobLine> Lines { get; } = new(MaxLines);

        public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ITimer? Timer { get; set; }
    }
}
