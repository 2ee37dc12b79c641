using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using WebFetch.Pipeline;
using WebFetch.Protocol;

namespace WebFetch.Queue;

/// <summary>
/// Publishes an agent's records a batch at a time (<see cref="RecordBatch"/>): the records of one
/// run that come within <c>linger</c> of the batch's first go out as one message, sooner when
/// the batch is full. A message, a store, an acknowledgement and a delivery to the collector per
/// batch instead of per record: most of what the queue costs per URL beside the job itself. A
/// job is acknowledged only once its record is stored (<see cref="AddAsync"/> completes then), so
/// no record is lost between the two; a batch the server does not take is tried again until it
/// does, or until the batcher is disposed (an abort: the jobs waiting for it are given back).
/// </summary>
internal sealed class RecordBatcher : IAsyncDisposable
{
    /// <summary>The most records in one message, whatever their size: its header (the keys) stays a few kilobytes.</summary>
    public const int MaxRecords = 256;

    /// <summary>The most bytes of records in one message, below the server's max payload: a batch is a few pages' records, not a megabyte held back.</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly NatsRawSerializer<ReadOnlyMemory<byte>> Raw = NatsRawSerializer<ReadOnlyMemory<byte>>.Default;

    private readonly INatsJSContext _js;
    private readonly TimeSpan _linger;
    private readonly TimeProvider _clock;
    private readonly Func<bool> _connected;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (RecordBatch Batch, ITimer Timer)> _open = [];
    private readonly TaskTracker _publishing = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _idPrefix = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
    private long _sent;
    private bool _disposed;

    public RecordBatcher(INatsJSContext js, TimeSpan linger, TimeProvider clock, Func<bool> connected)
    {
        _js = js;
        _linger = linger;
        _clock = clock;
        _connected = connected;
    }

    /// <summary>Batches sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Adds the record of job <paramref name="key"/> of <paramref name="run"/> to the run's batch; completes once the batch is stored. <paramref name="abort"/> stops the wait, not the batch.</summary>
    public Task AddAsync(string run, string key, FetchResult record, CancellationToken abort)
    {
        byte[] data = RecordFit.Serialize(record, _js.Connection.ServerInfo?.MaxPayload);
        int limit = Limit();
        RecordBatch? full = null;
        RecordBatch batch;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_open.TryGetValue(run, out var open) && !open.Batch.Fits(key, data.Length, limit))
            {
                full = Close(run, open);
                open = default;
            }
            if (open.Batch is null)
            {
                var fresh = new RecordBatch(run);
                open = (fresh, _clock.CreateTimer(static state =>
                {
                    var (self, lingered) = ((RecordBatcher, RecordBatch))state!;
                    self.Lingered(lingered);
                }, (this, fresh), _linger, Timeout.InfiniteTimeSpan));
                _open[run] = open;
            }
            batch = open.Batch;
            batch.Add(key, data);
            if (batch.Count >= MaxRecords)
            {
                Send(Close(run, open));
            }
        }
        if (full is not null)
        {
            Send(full);
        }
        return batch.Stored.WaitAsync(abort);
    }

    /// <summary>The largest batch the server takes: its max payload less room for the headers (<see cref="RecordFit.HeaderRoom"/>), at most <see cref="MaxBytes"/>.</summary>
    private int Limit() =>
        _js.Connection.ServerInfo?.MaxPayload is int max and > RecordFit.HeaderRoom ? Math.Min(max - RecordFit.HeaderRoom, MaxBytes) : MaxBytes;

    /// <summary>The batch's linger is over: sent, unless it was sent already (full).</summary>
    private void Lingered(RecordBatch batch)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(batch.Run, out var open) && open.Batch == batch)
            {
                Send(Close(batch.Run, open));
            }
        }
    }

    private RecordBatch Close(string run, (RecordBatch Batch, ITimer Timer) open)
    {
        _open.Remove(run);
        open.Timer.Dispose();
        return open.Batch;
    }

    private void Send(RecordBatch batch)
    {
        long id = Interlocked.Increment(ref _sent);
        _publishing.Track(PublishAsync(batch, id));
    }

    /// <summary>Publishes until the server stores the batch (<see cref="QueueRetry"/>: a failure is said once per batch), or the batcher stops.</summary>
    private async Task PublishAsync(RecordBatch batch, long id)
    {
        await Task.Yield(); // off the caller's lock
        var headers = new NatsHeaders { [QueueNames.JobHeader] = batch.Header };
        // a batch published again after its acknowledgement was lost is stored once
        var options = new NatsJSPubOpts { MsgId = $"{batch.Run}:{_idPrefix}:{id}" };
        try
        {
            await QueueRetry.UntilTakenAsync(async ct =>
            {
                PubAckResponse ack = await _js.PublishAsync(QueueNames.Records(batch.Run), batch.Body, Raw, options, headers, ct).ConfigureAwait(false);
                ack.EnsureStored();
                return ack;
            }, $"publish {batch.Count} records of run {batch.Run}", _connected, _stop.Token).ConfigureAwait(false);
            batch.Complete();
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            batch.Fail(new OperationCanceledException("the agent stopped before the queue stored these records"));
        }
    }

    /// <summary>Stops: batches not yet sent, and those the server has not taken, are given up (their jobs come back to the queue).</summary>
    public async ValueTask DisposeAsync()
    {
        List<RecordBatch> left;
        lock (_gate)
        {
            _disposed = true;
            left = [.. _open.Values.Select(open => open.Batch)];
            foreach ((RecordBatch _, ITimer timer) in _open.Values)
            {
                timer.Dispose();
            }
            _open.Clear();
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (RecordBatch batch in left)
        {
            batch.Fail(new OperationCanceledException("the agent stopped before these records were sent"));
        }
        await _publishing.WaitForAllAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
