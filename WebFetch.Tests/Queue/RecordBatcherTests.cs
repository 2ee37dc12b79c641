using Microsoft.Extensions.Time.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using WebFetch.Protocol;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class RecordBatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);

    private readonly JetStreamBed _bed = new();
    private readonly FakeTimeProvider _clock = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    private RecordBatcher NewBatcher() => new(_bed.Js, Linger, _clock, () => true);

    private static FetchResult Record(int n, int titleLength = 10) => new() { Url = $"https://a.test/{n}", Status = 200, Title = new string('t', titleLength) };

    [Fact]
    public async Task RecordsOfARunThatComeWithinTheLingerAreStoredAsOneMessageAndOnlyThenDone()
    {
        await using RecordBatcher batcher = NewBatcher();

        Task[] added = [.. Enumerable.Range(1, 3).Select(n => batcher.AddAsync("r1", $"0:{n}", Record(n), _bed.Timeout.Token))];
        Assert.Equal(0, batcher.Sent);
        Assert.All(added, task => Assert.False(task.IsCompleted));

        _clock.Advance(Linger);
        await Task.WhenAll(added).WaitAsync(_bed.Timeout.Token);

        Assert.Equal(1, await CountAsync("r1"));
        (string header, byte[] body) = await FirstAsync("r1");
        var read = new List<(JobKey Key, ReadOnlyMemory<byte> Record)>();
        Assert.True(RecordBatch.TryRead(header, body, read));
        Assert.Equal([new JobKey(0, 1), new JobKey(0, 2), new JobKey(0, 3)], read.Select(r => r.Key));
    }

    [Fact]
    public async Task AFullBatchIsSentWithoutWaitingForTheLinger()
    {
        await using RecordBatcher batcher = NewBatcher();

        Task[] added = [.. Enumerable.Range(1, RecordBatcher.MaxRecords + 1).Select(n => batcher.AddAsync("r1", $"0:{n}", Record(n), _bed.Timeout.Token))];
        await Task.WhenAll(added[..RecordBatcher.MaxRecords]).WaitAsync(_bed.Timeout.Token);

        Assert.False(added[^1].IsCompleted); // the first of the next batch
        Assert.Equal(1, batcher.Sent);
        Assert.Equal(1, await CountAsync("r1"));
    }

    [Fact]
    public async Task ARecordThatWouldPassTheBatchesSizeSendsTheBatchBeforeIt()
    {
        await using RecordBatcher batcher = NewBatcher();
        int large = RecordBatcher.MaxBytes * 2 / 3;

        Task first = batcher.AddAsync("r1", "0:1", Record(1, large), _bed.Timeout.Token);
        Task second = batcher.AddAsync("r1", "0:2", Record(2, large), _bed.Timeout.Token);
        await first.WaitAsync(_bed.Timeout.Token);

        Assert.False(second.IsCompleted);
        Assert.Equal(1, batcher.Sent);
        _clock.Advance(Linger);
        await second.WaitAsync(_bed.Timeout.Token);
        Assert.Equal(2, await CountAsync("r1"));
    }

    [Fact]
    public async Task EachRunsRecordsGoToItsOwnSubject()
    {
        await using RecordBatcher batcher = NewBatcher();

        Task one = batcher.AddAsync("r1", "0:1", Record(1), _bed.Timeout.Token);
        Task two = batcher.AddAsync("r2", "0:1", Record(2), _bed.Timeout.Token);
        _clock.Advance(Linger);
        await Task.WhenAll(one, two).WaitAsync(_bed.Timeout.Token);

        Assert.Equal((1, 1), (await CountAsync("r1"), await CountAsync("r2")));
        Assert.Contains("https://a.test/2", System.Text.Encoding.UTF8.GetString((await FirstAsync("r2")).Body));
    }

    [Fact]
    public async Task RecordsNotYetSentWhenTheBatcherStopsAreNeverSaidToBeStored()
    {
        RecordBatcher batcher = NewBatcher();
        Task added = batcher.AddAsync("r1", "0:1", Record(1), _bed.Timeout.Token);

        await batcher.DisposeAsync();

        Assert.Equal(0, batcher.Sent);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => added);
        Assert.Equal(0, await CountAsync("r1"));
    }

    private async Task<long> CountAsync(string run)
    {
        INatsJSStream stream = await _bed.Js.GetStreamAsync(QueueNames.RecordsStream, new StreamInfoRequest { SubjectsFilter = QueueNames.Records(run) }, _bed.Timeout.Token);
        return stream.Info.State.Subjects?.Values.Sum() ?? 0;
    }

    private async Task<(string Header, byte[] Body)> FirstAsync(string run)
    {
        INatsJSConsumer consumer = await _bed.Js.CreateOrderedConsumerAsync(QueueNames.RecordsStream,
            new NatsJSOrderedConsumerOpts { FilterSubjects = [QueueNames.Records(run)] }, _bed.Timeout.Token);
        INatsJSMsg<byte[]>? message;
        do
        {
            message = await consumer.NextAsync<byte[]>(cancellationToken: _bed.Timeout.Token);
            Assert.NotNull(message);
        }
        while (message.Subject != QueueNames.Records(run)); // nats-server 2.9 ignores the consumer's filter_subjects
        return (message.Headers![QueueNames.JobHeader].ToString(), message.Data!);
    }

    public Task DisposeAsync() => _bed.DisposeAsync();
}
