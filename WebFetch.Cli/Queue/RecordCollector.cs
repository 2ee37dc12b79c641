using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Serilog;
using WebFetch.Protocol;

namespace WebFetch.Queue;

/// <summary>
/// Reads a run's records as they come, in the order the queue stored them, with one ordered
/// consumer from the first record of the run on (so a collector that re-attaches reads the
/// records that came while it was away first), and hands each record to the
/// <see cref="RecordBook"/> by its job's key (a message carries one or more,
/// <see cref="RecordBatch"/>). <see cref="CaughtUp"/> completes once the messages that were in the
/// queue when it started have been read. The ordered consumer recreates itself after the
/// server was away, from where it stopped.
/// </summary>
internal sealed class RecordCollector : IAsyncDisposable
{
    private static readonly NatsRawSerializer<NatsMemoryOwner<byte>> Payload = NatsRawSerializer<NatsMemoryOwner<byte>>.Default;

    private readonly RecordBook _book;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;
    private readonly ulong _waiting;
    private readonly List<(JobKey Key, ReadOnlyMemory<byte> Record)> _batch = [];
    private long _messages;
    private long _read;
    private long _dropped;

    private RecordCollector(INatsJSContext js, string run, RecordBook book, ulong waiting)
    {
        _book = book;
        _waiting = waiting;
        if (waiting == 0)
        {
            _caughtUp.TrySetResult();
        }
        _reading = Task.Run(() => ReadAsync(js, QueueNames.Records(run)), CancellationToken.None);
    }

    /// <summary>Ends when the reading fails (it does not end otherwise until disposed): no record can come then.</summary>
    public Task Reading => _reading;

    /// <summary>Completes once the records in the queue at the start have been read.</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>Messages of records in the queue when the collector started (a re-attached run's; each carries one or more records).</summary>
    public ulong FoundAtStart => _waiting;

    /// <summary>Records read, and of those, records dropped (a second record of one line, or one of a line that needs none).</summary>
    public (long Read, long Dropped) Counts => (Interlocked.Read(ref _read), Interlocked.Read(ref _dropped));

    public static async Task<RecordCollector> StartAsync(INatsJSContext js, string run, RecordBook book, CancellationToken cancellationToken)
    {
        string subject = QueueNames.Records(run);
        INatsJSStream stream = await js.GetStreamAsync(QueueNames.RecordsStream, new StreamInfoRequest { SubjectsFilter = subject }, cancellationToken).ConfigureAwait(false);
        ulong waiting = stream.Info.State.Subjects is { } subjects && subjects.TryGetValue(subject, out long count) ? (ulong)count : 0;
        return new RecordCollector(js, run, book, waiting);
    }

    /// <summary>Reads until disposed. The ordered consumer recreates itself when the server was away; if it fails all the same, a new one starts after the last record read.</summary>
    private async Task ReadAsync(INatsJSContext js, string subject)
    {
        ulong last = 0;
        bool troubled = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                INatsJSConsumer consumer = await js.CreateOrderedConsumerAsync(QueueNames.RecordsStream, new NatsJSOrderedConsumerOpts
                {
                    FilterSubjects = [subject],
                    DeliverPolicy = last == 0 ? ConsumerConfigDeliverPolicy.All : ConsumerConfigDeliverPolicy.ByStartSequence,
                    OptStartSeq = last == 0 ? 0 : last + 1, // 0: none, as deliver-all requires
                }, _stop.Token).ConfigureAwait(false);
                // each payload in a pooled buffer, returned once read: no array per record for the collector's heap to sweep
                await foreach (NatsJSMsg<NatsMemoryOwner<byte>> message in consumer.ConsumeAsync(Payload, cancellationToken: _stop.Token).ConfigureAwait(false))
                {
                    using NatsMemoryOwner<byte> data = message.Data;
                    if (troubled)
                    {
                        troubled = false;
                        Log.Information("reading the run's records from the queue again");
                    }
                    last = message.Metadata?.Sequence.Stream ?? last;
                    // a server before 2.10 ignores the consumer's filter (FilterSubjects) and delivers other runs' records too
                    long messages = message.Subject == subject ? Take(message.Headers, data.Memory) : Interlocked.Read(ref _messages);
                    if ((ulong)messages >= _waiting || message.Metadata?.NumPending == 0)
                    {
                        _caughtUp.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return; // the run is over
            }
            catch (Exception e) when (e is NatsException or TimeoutException)
            {
                if (!troubled)
                {
                    troubled = true;
                    Log.Warning("cannot read the run's records from the queue ({Reason}); trying again every {Seconds} s", Errors.ExceptionChain.Innermost(e).Message,
                        Timings.QueuePublishRetry.TotalSeconds);
                }
            }
            try
            {
                await Task.Delay(Timings.QueuePublishRetry, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Takes one message of the run's records subject; returns how many messages have been read.</summary>
    private long Take(NatsHeaders? headers, ReadOnlyMemory<byte> data)
    {
        string? header = headers is not null && headers.TryGetValue(QueueNames.JobHeader, out var values) ? values.ToString() : null;
        _batch.Clear();
        if (!RecordBatch.TryRead(header, data, _batch))
        {
            Interlocked.Increment(ref _dropped);
            Log.Warning("a message on the run's records subject is not one webfetch writes (job header '{Header}'): ignored", header);
            return Interlocked.Increment(ref _messages);
        }
        foreach ((JobKey key, ReadOnlyMemory<byte> json) in _batch)
        {
            Take(key, json.Span);
        }
        _batch.Clear();
        return Interlocked.Increment(ref _messages);
    }

    private void Take(JobKey key, ReadOnlySpan<byte> json)
    {
        Interlocked.Increment(ref _read);
        FetchResult? record = null;
        try
        {
            record = JsonSerializer.Deserialize(json, ProtocolJson.Compact.FetchResult);
        }
        catch (JsonException)
        {
            // told below
        }
        if (record is null)
        {
            Interlocked.Increment(ref _dropped);
            Log.Warning("the record of line {Key} on the run's records subject is not one webfetch can read: ignored", key);
        }
        else if (_book.Arrived(key, record) == RecordBook.Outcome.Dropped)
        {
            Interlocked.Increment(ref _dropped);
            Log.Debug("a second record of line {Key}, or one of a line that needs none: dropped", key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reading.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // told when it happened
        }
        _stop.Dispose();
    }
}
