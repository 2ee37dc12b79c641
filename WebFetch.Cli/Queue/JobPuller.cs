using System.Globalization;
using System.Text;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Serilog;

namespace WebFetch.Queue;

/// <summary>
/// The agent's pulls of jobs from the agents' consumer, on one inbox of its own for the agent's
/// life: <see cref="AskAsync"/> sends a pull request for as many jobs as there are free slots,
/// and the jobs come on the inbox as the server has them, each handed to <c>arrived</c>. The
/// puller counts the jobs asked for and not yet come (<see cref="CountOwed"/>), so that the agent
/// never asks for more than its workers can take; a request that ends unfilled (the server's
/// 408 after <see cref="Timings.AgentPull"/>) gives back what it did not bring. A request the
/// server lost (it restarted) is taken as ended once nothing has come for a while; a server
/// without the consumer (503, 409) makes <see cref="Broken"/> true, and the agent sets the
/// queue up again. Unlike a fetch per pull, this costs no subscription per pull.
/// </summary>
internal sealed class JobPuller : IAsyncDisposable
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    private readonly INatsJSContext _js;
    private readonly INatsSub<byte[]> _inbox;
    private readonly string _requests;
    private readonly Action<NatsJSMsg<byte[]>> _arrived;
    private readonly Action _changed;
    private readonly TimeProvider _clock;
    private readonly Task _reading;
    private int _owed;
    private long _lastHeard;
    private volatile string? _broken;
    private volatile bool _answered;

    private JobPuller(INatsJSContext js, INatsSub<byte[]> inbox, string requests, Action<NatsJSMsg<byte[]>> arrived, Action changed, TimeProvider clock)
    {
        _js = js;
        _inbox = inbox;
        _requests = requests;
        _arrived = arrived;
        _changed = changed;
        _clock = clock;
        _lastHeard = clock.GetTimestamp();
        _reading = Task.Run(ReadAsync, CancellationToken.None);
    }

    /// <summary>
    /// Counts the jobs asked for that have neither come nor been given up by the server, after
    /// taking the requests as lost when nothing has come for longer than a request lasts (the
    /// server restarted and forgot them): from then on they are asked for again.
    /// </summary>
    public int CountOwed()
    {
        if (Volatile.Read(ref _owed) > 0 && _clock.GetElapsedTime(Interlocked.Read(ref _lastHeard)) > Timings.AgentPull + Timings.AgentPullLost)
        {
            Log.Debug("no word from the queue on {Owed} jobs asked for: their requests are taken as lost", _owed);
            Interlocked.Exchange(ref _owed, 0);
        }
        return Volatile.Read(ref _owed);
    }

    /// <summary>Why the server cannot serve pulls (the consumer is gone, no responder), or null.</summary>
    public string? Broken => _broken;

    /// <summary>Whether the server has served a request of this inbox (a job, or a request ended unfilled).</summary>
    public bool Answered => _answered;

    /// <summary>Subscribes to an inbox of the agent's own for its pulls.</summary>
    public static async Task<JobPuller> StartAsync(INatsJSContext js, Action<NatsJSMsg<byte[]>> arrived, Action changed, TimeProvider clock, CancellationToken cancellationToken)
    {
        INatsConnection connection = js.Connection;
        // room for every job a window can hold and the words about them, so that none is dropped
        var options = new NatsSubOpts { ChannelOpts = new NatsSubChannelOpts { FullMode = BoundedChannelFullMode.Wait, Capacity = Defaults.AgentInboxCapacity } };
        // not under the connection's own inbox prefix, whose replies the client routes to its requests only;
        // under _INBOX all the same, which accounts with narrow permissions allow for replies
        string subject = $"_INBOX.{Guid.NewGuid():N}";
        INatsSub<byte[]> inbox = await connection.SubscribeCoreAsync(subject, serializer: Raw, opts: options, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new JobPuller(js, inbox, $"{js.Opts.Prefix}.CONSUMER.MSG.NEXT.{QueueNames.JobsStream}.{QueueNames.AgentsConsumer}", arrived, changed, clock);
    }

    /// <summary>Asks the server for at most <paramref name="count"/> jobs, to come within <see cref="Timings.AgentPull"/>.</summary>
    public async Task AskAsync(int count, CancellationToken cancellationToken)
    {
        byte[] request = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"batch\":{count},\"expires\":{(long)Timings.AgentPull.TotalMilliseconds * 1_000_000}}}"));
        if (Interlocked.Add(ref _owed, count) == count)
        {
            Interlocked.Exchange(ref _lastHeard, _clock.GetTimestamp());
        }
        try
        {
            await _js.Connection.PublishAsync(_requests, request, replyTo: _inbox.Subject, serializer: Raw, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Add(ref _owed, -count);
            throw;
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (NatsMsg<byte[]> message in _inbox.Msgs.ReadAllAsync().ConfigureAwait(false))
            {
                Interlocked.Exchange(ref _lastHeard, _clock.GetTimestamp());
                if (message.Headers is { Code: > 0 } status)
                {
                    Heard(status);
                }
                else
                {
                    Decrement(1);
                    _answered = true;
                    _arrived(new NatsJSMsg<byte[]>(message, _js));
                }
                _changed();
            }
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            // disposed
        }
    }

    /// <summary>A word from the server about the requests: one ended unfilled (408, with what it did not bring), a heartbeat (100), or the consumer cannot be pulled from.</summary>
    private void Heard(NatsHeaders status)
    {
        switch (status.Code)
        {
            case 100:
                break;
            case 408 or 409 when status.TryGetValue("Nats-Pending-Messages", out var pending) && int.TryParse(pending.ToString(), CultureInfo.InvariantCulture, out int unfilled):
                Decrement(unfilled);
                _answered = true;
                break;
            case 404 or 408:
                _answered = true;
                break;
            case 503: // no responders: the server has no such consumer
            case 409 when status.MessageText.Contains("Deleted", StringComparison.OrdinalIgnoreCase):
                _broken = $"{status.Code} {status.MessageText}";
                Interlocked.Exchange(ref _owed, 0);
                break;
            default: // 409 leadership change, too many requests waiting, ...: the requests are dropped
                Log.Debug("the queue dropped the agent's pull requests: {Code} {Text}", status.Code, status.MessageText);
                Interlocked.Exchange(ref _owed, 0);
                break;
        }
    }

    private void Decrement(int count)
    {
        int owed, next;
        do
        {
            owed = Volatile.Read(ref _owed);
            next = Math.Max(0, owed - count);
        }
        while (Interlocked.CompareExchange(ref _owed, next, owed) != owed);
    }

    public async ValueTask DisposeAsync()
    {
        await _inbox.DisposeAsync().ConfigureAwait(false);
        await _reading.ConfigureAwait(false);
    }
}
