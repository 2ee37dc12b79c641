using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class RunSweepTests : IAsyncLifetime
{
    private readonly JetStreamBed _bed = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    [Fact(Timeout = 60_000)]
    public async Task DeletingOneRunsJobsLeavesTheOtherRunsJobsToTheAgents()
    {
        for (int n = 1; n <= 5; n++)
        {
            await PublishAsync(QueueNames.Jobs("gone"), $"gone {n}");
            await PublishAsync(QueueNames.Jobs("kept"), $"kept {n}");
        }

        long deleted = await new RunSweep(_bed.Js, "gone", _bed.Connection.ServerInfo?.Version).DeleteJobsAsync(_bed.Timeout.Token);

        Assert.Equal(5, deleted);
        // the agents' consumer still delivers every job of the other run (a filtered purge on nats-server 2.9.10 made it skip them)
        INatsJSConsumer agents = await _bed.Js.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer, _bed.Timeout.Token);
        var delivered = new List<string>();
        await foreach (INatsJSMsg<string> job in agents.FetchAsync<string>(new NatsJSFetchOpts { MaxMsgs = 10, Expires = TimeSpan.FromSeconds(2) }, cancellationToken: _bed.Timeout.Token))
        {
            delivered.Add(job.Data!);
            await job.AckAsync(cancellationToken: _bed.Timeout.Token);
        }
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"kept {n}"), delivered);
    }

    [Fact(Timeout = 60_000)]
    public async Task ARunsRecordsAreLeftWhileAnotherRunIsOpenOnAServerWhosePurgeMovesItsReaders()
    {
        await PublishAsync(QueueNames.Records("ended"), "record");
        await PublishAsync(QueueNames.Run("ended"), "spec");
        await PublishAsync(QueueNames.Run("open"), "spec");
        var sweep = new RunSweep(_bed.Js, "ended", "2.9.10");

        Assert.False(await sweep.PurgeRecordsAsync(_bed.Timeout.Token));
        await _bed.Js.PurgeStreamAsync(QueueNames.RunsStream, new StreamPurgeRequest { Filter = QueueNames.Run("open") }, _bed.Timeout.Token);
        Assert.True(await sweep.PurgeRecordsAsync(_bed.Timeout.Token));

        INatsJSStream records = await _bed.Js.GetStreamAsync(QueueNames.RecordsStream, cancellationToken: _bed.Timeout.Token);
        Assert.Equal(0, records.Info.State.Messages);
    }

    [Theory]
    [InlineData("2.9.10", false)]
    [InlineData("2.9.14", false)]
    [InlineData("2.9.15", true)]
    [InlineData("2.10.0-beta.1", true)]
    [InlineData("2.11.3", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void AServerBefore2915IsTakenToMoveOtherConsumersOnAFilteredPurge(string? version, bool fixedServer) =>
        Assert.Equal(fixedServer, RunSweep.HasFilteredPurgeFix(version));

    private async Task PublishAsync(string subject, string data) =>
        (await _bed.Js.PublishAsync(subject, data, cancellationToken: _bed.Timeout.Token)).EnsureSuccess();

    public Task DisposeAsync() => _bed.DisposeAsync();
}
