using NATS.Client.Core;
using NATS.Client.JetStream;
using Serilog;
using WebFetch.Pipeline;
using WebFetch.Supervisor;

namespace WebFetch.Queue;

/// <summary>
/// The queue agent's loop (<c>webfetch serve</c>): asks the agents' shared consumer for jobs
/// (<see cref="JobPuller"/>), never more than the local workers have free slots for
/// (<c>window</c>: workers x concurrency, less the lines at the workers and those asked for),
/// give or take one job, and hands each to a <see cref="JobHandler"/> as it comes. Slots are
/// counted in lines (a job holds one or more). A line whose record only waits to be stored
/// (<see cref="RecordBatcher"/>) takes no worker's slot; such lines are held up to one window
/// more. A request lasts at most <see cref="Timings.AgentPull"/> on the server. On a stop it
/// asks no more, gives back at once what the requests still open bring, and returns once every
/// job in hand is done or given back; an abort cuts the jobs in hand short (they are given
/// back). When the server cannot serve the requests (it is away, or lost the consumer), the
/// agent asks again after a pause, and sets the consumer up again if the server lost it.
/// </summary>
internal sealed class Agent(INatsJSContext js, QueueTopology topology, JobHandler jobs, Func<int> window, Func<bool> connected)
{
    private readonly AsyncSignal _slotFreed = new();
    private readonly TaskTracker _running = new();
    private int _inHand;
    private int _atWorkers;
    private volatile bool _draining;

    /// <summary>Lines in hand: pulled and neither recorded nor given back (a job is acknowledged once all its lines are recorded).</summary>
    public int InFlight => Volatile.Read(ref _inHand);

    /// <summary>Lines in hand that the workers are not done with.</summary>
    private int AtWorkers => Volatile.Read(ref _atWorkers);

    /// <summary>Lines whose record this agent published.</summary>
    public long Done => jobs.Done;

    /// <summary>Lines cut short by this agent's stop and given back to the queue.</summary>
    public long GivenBack => jobs.GivenBack;

    /// <summary>Whether the agent has stopped pulling.</summary>
    public bool Draining => _draining;

    /// <summary>Pulls and handles jobs until <paramref name="stopPulling"/> fires, then finishes those in hand (cut short when <paramref name="abort"/> fires).</summary>
    public async Task RunAsync(CancellationToken stopPulling, CancellationToken abort)
    {
        using CancellationTokenRegistration stopping = stopPulling.Register(() =>
        {
            _draining = true;
            _slotFreed.Set();
        });
        JobPuller? puller = null;
        try
        {
            bool failing = false;
            while (!stopPulling.IsCancellationRequested)
            {
                try
                {
                    puller ??= await JobPuller.StartAsync(js, message => Arrived(message, abort), _slotFreed.Set, TimeProvider.System, abort).ConfigureAwait(false);
                    await AskAsync(puller, abort).ConfigureAwait(false);
                    failing &= !puller.Answered; // said once until the server serves pulls again, not once per new inbox
                }
                catch (Exception e) when (!abort.IsCancellationRequested)
                {
                    if (puller is not null)
                    {
                        await puller.DisposeAsync().ConfigureAwait(false);
                        puller = null; // a new inbox, once the streams and the consumer are set up again where the server lost them
                    }
                    if (!failing)
                    {
                        failing = true;
                        Log.Write(connected() ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Debug,
                            "could not pull jobs from the queue: {Reason}; trying again", Errors.ExceptionChain.Innermost(e).Message);
                    }
                    await RecoverAsync(abort).ConfigureAwait(false);
                    continue;
                }
                catch (Exception) when (abort.IsCancellationRequested)
                {
                    break;
                }
                await WaitForSlotAsync(stopPulling).ConfigureAwait(false);
            }
            if (puller is not null)
            {
                await WaitForOwedAsync(puller, abort).ConfigureAwait(false);
            }
        }
        finally
        {
            if (puller is not null)
            {
                await puller.DisposeAsync().ConfigureAwait(false);
            }
        }
        await _running.WaitForAllAsync().ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Asks for jobs enough to fill the workers' free slots, less the lines asked for and not
    /// yet come, once that is at least an eighth of the window (or the agent has nothing at all):
    /// a request per few jobs rather than per job, and the window stays nearly full. A job holds
    /// up to <see cref="JobBundler.MaxLines"/> lines, so a job asked for counts as that many
    /// lines until it comes, and as many jobs are asked for as that fills, rounded up: the lines
    /// in hand pass the window by less than one job's worth at most.
    /// </summary>
    private async Task AskAsync(JobPuller puller, CancellationToken abort)
    {
        if (puller.Broken is { } reason)
        {
            throw new QueueException($"the queue cannot serve pulls from the agents' consumer ({reason})");
        }
        int size = window();
        int owed = puller.CountOwed();
        int free = Math.Min(size - AtWorkers, 2 * size - InFlight) - owed * JobBundler.MaxLines;
        if (free > 0 && (free >= Math.Max(1, size / Defaults.AgentAskParts) || AtWorkers + owed == 0))
        {
            await puller.AskAsync((free + JobBundler.MaxLines - 1) / JobBundler.MaxLines, abort).ConfigureAwait(false);
        }
    }

    /// <summary>A job came: handled, or, once the agent stops, given back at once for another agent.</summary>
    private void Arrived(NatsJSMsg<byte[]> message, CancellationToken abort)
    {
        JobMessage? job = JobHandler.Read(message, out IReadOnlyList<JobLine> lines);
        int count = Math.Max(1, lines.Count); // a message that is not a job holds a slot until it is dropped
        Interlocked.Add(ref _inHand, count);
        Interlocked.Add(ref _atWorkers, count);
        _running.Track(_draining ? GiveBackAsync(message, count) : HandleAsync(message, job, lines, count, abort));
    }

    /// <summary>After the stop: the requests still open may yet bring jobs (a request cannot be withdrawn), which are given back as they come; waits until the server has ended them, at most as long as a request lasts.</summary>
    private async Task WaitForOwedAsync(JobPuller puller, CancellationToken abort)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(abort);
        bound.CancelAfter(Timings.AgentPull + Timings.AgentPullLost);
        try
        {
            while (puller.CountOwed() > 0 && puller.Broken is null)
            {
                await _slotFreed.WaitAsync(Timings.DispatchIdleWake, bound.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // what still comes is not read, and comes back to the queue after the ack wait
        }
    }

    /// <summary>
    /// Waits until the server has read what this agent sent (a ping answered comes after it):
    /// the last acknowledgements, which are sent without waiting for an answer, reach the
    /// server before the agent exits. Bounded: a job whose acknowledgement is lost comes back
    /// after the ack wait, and its second record is dropped as a duplicate.
    /// </summary>
    private async Task FlushAsync()
    {
        using var bound = new CancellationTokenSource(Timings.AgentLastAcks);
        try
        {
            await js.Connection.PingAsync(bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || bound.IsCancellationRequested)
        {
            Log.Debug("could not make sure the queue has the last acknowledgements ({Reason}): their jobs come back after the ack wait, and their records are not written twice", e.Message);
        }
    }

    private async Task HandleAsync(NatsJSMsg<byte[]> message, JobMessage? job, IReadOnlyList<JobLine> lines, int count, CancellationToken abort)
    {
        int atWorkers = count;
        int inHand = count;
        try
        {
            // a line recorded while its job waits for its others is done with
            await jobs.HandleAsync(message, job, lines, () => Free(ref atWorkers, ref _atWorkers, 1), () => Free(ref inHand, ref _inHand, 1), abort).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A bug: the job is left unacknowledged, and comes back after the ack wait.
            Log.Error(e, "internal error while handling job {Subject}", message.Subject);
        }
        finally
        {
            Free(ref atWorkers, ref _atWorkers, int.MaxValue);
            Free(ref inHand, ref _inHand, int.MaxValue);
        }
    }

    /// <summary>Takes up to <paramref name="lines"/> of a job's lines still counted (<paramref name="job"/>) off the agent's count (<paramref name="agent"/>), never more than the job has left.</summary>
    private void Free(ref int job, ref int agent, int lines)
    {
        int left, next;
        do
        {
            left = Volatile.Read(ref job);
            next = Math.Max(0, left - lines);
        }
        while (Interlocked.CompareExchange(ref job, next, left) != left);
        if (left > next)
        {
            Interlocked.Add(ref agent, next - left);
            _slotFreed.Set();
        }
    }

    /// <summary>A job a last pull brought after the stop: given back at once, for another agent.</summary>
    private async Task GiveBackAsync(NatsJSMsg<byte[]> message, int count)
    {
        try
        {
            await jobs.GiveBackAsync(message, count).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref _atWorkers, -count);
            Interlocked.Add(ref _inHand, -count);
            _slotFreed.Set();
        }
    }

    private async Task WaitForSlotAsync(CancellationToken stopPulling)
    {
        try
        {
            await _slotFreed.WaitAsync(Timings.DispatchIdleWake, stopPulling).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping: the loop ends
        }
    }

    /// <summary>After a failed pull: a pause, then the streams and the consumer set up again where the server lost them (a server that is away fails here too, and is tried again later).</summary>
    private async Task RecoverAsync(CancellationToken abort)
    {
        try
        {
            await Task.Delay(Timings.AgentQueueRetry, abort).ConfigureAwait(false);
            await topology.EnsureAsync(js, abort).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Debug("could not check the queue's streams: {Reason}", e.Message);
        }
        catch (OperationCanceledException)
        {
            // aborted: the loop ends
        }
    }
}
