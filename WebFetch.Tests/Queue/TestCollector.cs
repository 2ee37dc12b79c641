using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using WebFetch.Fetching;
using WebFetch.Queue;
using WebFetch.Worker;

namespace WebFetch.Tests.Queue;

/// <summary>
/// The collector's side of a queued run, played by a test over the NATS client: sets the streams
/// up (with the test's ack wait), publishes a run's spec and its jobs as <c>run --queue</c>
/// does, and reads the records the agents publish, by job key.
/// </summary>
public sealed class TestCollector : IAsyncDisposable
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    private readonly NatsConnection _connection;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonElement>> _records = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _readers = [];

    private TestCollector(NatsConnection connection, NatsJSContext js)
    {
        _connection = connection;
        JetStream = js;
    }

    internal NatsJSContext JetStream { get; }

    /// <summary>Connects to <paramref name="server"/> and sets up the streams, the agents' consumer waiting <paramref name="ackWait"/> for an acknowledgement.</summary>
    public static async Task<TestCollector> StartAsync(NatsServer server, TimeSpan ackWait)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (connection, js) = await QueueConnection.OpenAsync(QueueAddress.Parse(server.Url), "test collector", TimeSpan.FromSeconds(5), bound.Token);
        await new QueueTopology(1, ackWait).EnsureAsync(js, bound.Token);
        return new TestCollector(connection, js);
    }

    /// <summary>Publishes run <paramref name="run"/>'s spec, then reads its records as they come.</summary>
    internal async Task PublishRunAsync(string run, FetchOptions? options = null, int maxAttempts = 3)
    {
        var spec = new RunSpec(run, JsonSerializer.Serialize(options ?? new FetchOptions(), WorkerSettingsJson.Compact.FetchOptions), maxAttempts, "test", DateTimeOffset.UtcNow);
        PubAckResponse ack = await JetStream.PublishAsync(QueueNames.Run(run), JsonSerializer.SerializeToUtf8Bytes(spec, QueueJson.Default.RunSpec), Raw);
        ack.EnsureSuccess();
        await ReadRecordsAsync(run);
    }

    /// <summary>Reads run <paramref name="run"/>'s records as they come.</summary>
    public async Task ReadRecordsAsync(string run)
    {
        INatsJSConsumer reader = await JetStream.CreateOrderedConsumerAsync(QueueNames.RecordsStream,
            new NatsJSOrderedConsumerOpts { FilterSubjects = [QueueNames.Records(run)] });
        _readers.Add(Task.Run(async () =>
        {
            try
            {
                await foreach (INatsJSMsg<byte[]> message in reader.ConsumeAsync(Raw, cancellationToken: _stop.Token))
                {
                    if (message.Subject != QueueNames.Records(run))
                    {
                        continue; // nats-server 2.9 ignores the consumer's filter_subjects (2.10 reads them)
                    }
                    var batch = new List<(JobKey Key, ReadOnlyMemory<byte> Record)>();
                    if (!RecordBatch.TryRead(message.Headers?[QueueNames.JobHeader].ToString(), message.Data, batch))
                    {
                        _records.GetOrAdd($"{run}/(not a message of records)", _ => new()).Enqueue(default);
                        continue;
                    }
                    foreach ((JobKey key, ReadOnlyMemory<byte> record) in batch)
                    {
                        _records.GetOrAdd($"{run}/{key}", _ => new()).Enqueue(JsonDocument.Parse(record).RootElement.Clone());
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }));
    }

    /// <summary>Publishes one job per URL, keyed <c>0:LINE</c> from line 1 (or <paramref name="firstLine"/>); returns the keys, as <c>RUN/KEY</c> (what <see cref="RecordsOf"/> takes).</summary>
    public async Task<IReadOnlyList<string>> PublishJobsAsync(string run, IEnumerable<string> urls, int firstLine = 1)
    {
        var keys = new List<string>();
        int line = firstLine;
        foreach (string url in urls)
        {
            string key = $"0:{line++}";
            var job = new JobMessage(run, key, url);
            PubAckResponse ack = await JetStream.PublishAsync(QueueNames.Jobs(run), JsonSerializer.SerializeToUtf8Bytes(job, QueueJson.Default.JobMessage), Raw,
                new NatsJSPubOpts { MsgId = QueueNames.JobMessageId(run, key) });
            ack.EnsureSuccess();
            keys.Add($"{run}/{key}");
        }
        return keys;
    }

    /// <summary>Every record read so far of the job <paramref name="key"/> (<c>RUN/KEY</c>).</summary>
    public IReadOnlyList<JsonElement> RecordsOf(string key) => _records.TryGetValue(key, out var records) ? [.. records] : [];

    /// <summary>Every record read so far.</summary>
    public int RecordCount => _records.Values.Sum(r => r.Count);

    /// <summary>The jobs (<c>RUN/KEY</c>) with a record so far.</summary>
    public IReadOnlyList<string> Recorded => [.. _records.Keys.Order()];

    /// <summary>Waits until every key in <paramref name="keys"/> has a record, or <paramref name="within"/> passes; true when they all have.</summary>
    public async Task<bool> RecordsForAllAsync(IEnumerable<string> keys, TimeSpan within)
    {
        string[] wanted = [.. keys];
        var watch = Stopwatch.StartNew();
        while (!wanted.All(k => _records.ContainsKey(k)))
        {
            if (watch.Elapsed > within)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>The jobs stored in the jobs stream: waiting, or delivered and not yet acknowledged.</summary>
    public async Task<long> JobsStoredAsync()
    {
        INatsJSStream stream = await JetStream.GetStreamAsync(QueueNames.JobsStream);
        return (long)stream.Info.State.Messages;
    }

    /// <summary>The agents' consumer: jobs waiting to be delivered, and jobs delivered and not yet acknowledged.</summary>
    public async Task<(long Waiting, long InHand)> ConsumerStateAsync()
    {
        INatsJSConsumer consumer = await JetStream.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer);
        return ((long)consumer.Info.NumPending, consumer.Info.NumAckPending);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="within"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > within)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers);
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
