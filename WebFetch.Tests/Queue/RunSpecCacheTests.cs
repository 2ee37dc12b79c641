using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class RunSpecCacheTests : IAsyncLifetime
{
    private readonly JetStreamBed _bed = new();

    public Task InitializeAsync() => _bed.InitializeAsync();

    [Fact]
    public async Task ARunsSpecIsReadFromTheQueueAndARunWithoutOneIsNull()
    {
        await PublishAsync(new RunSpec("one", "{}", 3, "collector-1", DateTimeOffset.UtcNow));
        await PublishAsync(new RunSpec("two", """{"links":true}""", 5, "collector-2", DateTimeOffset.UtcNow));
        var cache = new RunSpecCache(_bed.Js);

        RunSpec? one = await cache.GetAsync("one", _bed.Timeout.Token);
        RunSpec? two = await cache.GetAsync("two", _bed.Timeout.Token);
        RunSpec? none = await cache.GetAsync("three", _bed.Timeout.Token);

        Assert.Equal(("one", 3, "collector-1"), (one!.Run, one.MaxAttempts, one.Collector));
        Assert.Equal(("two", 5, """{"links":true}"""), (two!.Run, two.MaxAttempts, two.FetchOptions));
        Assert.Null(none);
    }

    [Fact]
    public async Task AKnownSpecIsKeptAndAMissingOneIsLookedForAgain()
    {
        var cache = new RunSpecCache(_bed.Js);
        await PublishAsync(new RunSpec("kept", "{}", 3, "c", DateTimeOffset.UtcNow));
        Assert.NotNull(await cache.GetAsync("kept", _bed.Timeout.Token));
        Assert.Null(await cache.GetAsync("later", _bed.Timeout.Token));

        await _bed.Js.PurgeStreamAsync(QueueNames.RunsStream, new NATS.Client.JetStream.Models.StreamPurgeRequest(), _bed.Timeout.Token);
        await PublishAsync(new RunSpec("later", "{}", 4, "c", DateTimeOffset.UtcNow));

        Assert.Equal(3, (await cache.GetAsync("kept", _bed.Timeout.Token))!.MaxAttempts); // from the cache: the queue no longer has it
        Assert.Equal(4, (await cache.GetAsync("later", _bed.Timeout.Token))!.MaxAttempts);
    }

    private async Task PublishAsync(RunSpec spec) =>
        (await _bed.Js.PublishAsync(QueueNames.Run(spec.Run), JsonSerializer.SerializeToUtf8Bytes(spec, QueueJson.Default.RunSpec), NatsRawSerializer<byte[]>.Default,
            cancellationToken: _bed.Timeout.Token)).EnsureSuccess();

    public Task DisposeAsync() => _bed.DisposeAsync();
}
