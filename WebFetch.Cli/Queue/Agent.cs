using NATS.Client.Core;
using NATS.Client.JetStream;
using Serilog;
using WebFetch.Pipeline;
using WebFetch.Supervisor;

namespace WebFetch.Queue;

/// <summary>
/// The queue agent's loop (<c>webfetch serve</c>): pulls jobs from the agents' shared consumer,
/// never more than the local workers have free slots for (<c>window</c>: workers x concurrency,
/// less the jobs in hand), and hands each to a <see cref="JobHandler"/>. A pull waits at most
/// <see cref="Timings.AgentPull"/> on the server, so the loop notices its stop soon. On a stop it
/// pulls no more, gives back at once what a last pull still brings, and returns once every job in
/// hand is done or given back; an abort cuts the jobs in hand short (they are given back).
/// A pull that fails (the server away) is tried again; the consumer is set up again if the
/// server lost it.
/// </summary>
internal sealed class Agent(INatsJSContext js, QueueTopology topology, JobHandler jobs, Func<int> window, Func<bool> connected)
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    private readonly AsyncSignal _slotFreed = new();
    private readonly TaskTracker _running = new();
    private int _inHand;
    private long _done;
    private long _givenBack;
    private volatile bool _draining;

    /// <summary>Jobs in hand: pulled and not yet acknowledged or given back.</summary>
    public int InFlight => Volatile.Read(ref _inHand);

    /// <summary>Jobs whose record this agent published.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Jobs cut short by this agent's stop and given back to the queue.</summary>
    public long GivenBack => Interlocked.Read(ref _givenBack);

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
        INatsJSConsumer? consumer = null;
        bool failing = false;
        while (!stopPulling.IsCancellationRequested)
        {
            int free = window() - InFlight;
            if (free <= 0)
            {
                await WaitForSlotAsync(stopPulling).ConfigureAwait(false);
                continue;
            }
            try
            {
                consumer ??= await js.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer, abort).ConfigureAwait(false);
                await PullAsync(consumer, free, stopPulling, abort).ConfigureAwait(false);
                failing = false;
            }
            catch (Exception e) when (!abort.IsCancellationRequested)
            {
                consumer = null; // looked up again, and set up again if the server lost it
                if (!failing)
                {
                    failing = true;
                    Log.Write(connected() ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Debug,
                        "could not pull jobs from the queue: {Reason}; trying again", Errors.ExceptionChain.Innermost(e).Message);
                }
                await RecoverAsync(abort).ConfigureAwait(false);
            }
            catch (Exception) when (abort.IsCancellationRequested)
            {
                break;
            }
        }
        await _running.WaitForAllAsync().ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
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

    /// <summary>One pull of at most <paramref name="free"/> jobs, each handed to its handler as it comes; bounded in case the server never ends it.</summary>
    private async Task PullAsync(INatsJSConsumer consumer, int free, CancellationToken stopPulling, CancellationToken abort)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(abort);
        bound.CancelAfter(Timings.AgentPull + Timings.QueueConnect);
        var pull = new NatsJSFetchOpts { MaxMsgs = free, Expires = Timings.AgentPull };
        await foreach (INatsJSMsg<byte[]> message in consumer.FetchAsync(pull, Raw, bound.Token).ConfigureAwait(false))
        {
            Interlocked.Increment(ref _inHand);
            _running.Track(stopPulling.IsCancellationRequested ? GiveBackAsync(message) : HandleAsync(message, abort));
        }
    }

    private async Task HandleAsync(INatsJSMsg<byte[]> message, CancellationToken abort)
    {
        try
        {
            switch (await jobs.HandleAsync(message, abort).ConfigureAwait(false))
            {
                case DeliveryEnd.Done:
                    Interlocked.Increment(ref _done);
                    break;
                case DeliveryEnd.GivenBack:
                    Interlocked.Increment(ref _givenBack);
                    break;
            }
        }
        catch (Exception e)
        {
            // A bug: the job is left unacknowledged, and comes back after the ack wait.
            Log.Error(e, "internal error while handling job {Subject}", message.Subject);
        }
        finally
        {
            Interlocked.Decrement(ref _inHand);
            _slotFreed.Set();
        }
    }

    /// <summary>A job a last pull brought after the stop: given back at once, for another agent.</summary>
    private async Task GiveBackAsync(INatsJSMsg<byte[]> message)
    {
        try
        {
            await JobHandler.GiveBackAsync(message).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inHand);
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
