using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class RunSpecCacheTests : IAsyncLifetime, IDisposable
{
    private readonly NatsServer _server = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private NatsConnection _connection = null!;
    private NatsJSContext _js = null!;

    public async Task InitializeAsync()
    {
        (_connection, _js) = await QueueConnection.OpenAsync(QueueAddress.Parse(_server.Url), "test", TimeSpan.FromSeconds(5), _timeout.Token);
        await new QueueTopology(1, TimeSpan.FromSeconds(30)).EnsureAsync(_js, _timeout.Token);
    }

    [Fact]
    public async Task ARunsSpecIsReadFromTheQueueAndARunWithoutOneIsNull()
    {
        await PublishAsync(new RunSpec("one", "{}", 3, "collector-1", DateTimeOffset.UtcNow));
        await PublishAsync(new RunSpec("two", """{"links":true}""", 5, "collector-2", DateTimeOffset.UtcNow));
        var cache = new RunSpecCache(_js);

        RunSpec? one = await cache.GetAsync("one", _timeout.Token);
        RunSpec? two = await cache.GetAsync("two", _timeout.Token);
        RunSpec? none = await cache.GetAsync("three", _timeout.Token);

        Assert.Equal(("one", 3, "collector-1"), (one!.Run, one.MaxAttempts, one.Collector));
        Assert.Equal(("two", 5, """{"links":true}"""), (two!.Run, two.MaxAttempts, two.FetchOptions));
        Assert.Null(none);
    }

    [Fact]
    public async Task AKnownSpecIsKeptAndAMissingOneIsLookedForAgain()
    {
        var cache = new RunSpecCache(_js);
        await PublishAsync(new RunSpec("kept", "{}", 3, "c", DateTimeOffset.UtcNow));
        Assert.NotNull(await cache.GetAsync("kept", _timeout.Token));
        Assert.Null(await cache.GetAsync("later", _timeout.Token));

        await _js.PurgeStreamAsync(QueueNames.RunsStream, new NATS.Client.JetStream.Models.StreamPurgeRequest(), _timeout.Token);
        await PublishAsync(new RunSpec("later", "{}", 4, "c", DateTimeOffset.UtcNow));

        Assert.Equal(3, (await cache.GetAsync("kept", _timeout.Token))!.MaxAttempts); // from the cache: the queue no longer has it
        Assert.Equal(4, (await cache.GetAsync("later", _timeout.Token))!.MaxAttempts);
    }

    private async Task PublishAsync(RunSpec spec) =>
        (await _js.PublishAsync(QueueNames.Run(spec.Run), JsonSerializer.SerializeToUtf8Bytes(spec, QueueJson.Default.RunSpec), NatsRawSerializer<byte[]>.Default,
            cancellationToken: _timeout.Token)).EnsureSuccess();

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    public void Dispose()
    {
        _server.Dispose();
        _timeout.Dispose();
    }
}
