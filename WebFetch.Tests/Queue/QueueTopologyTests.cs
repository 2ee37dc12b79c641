using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class QueueTopologyTests
{
    [Fact]
    public async Task TheStreamsAndTheConsumerAreCreatedOnceAndFoundTheSecondTime()
    {
        using var server = new NatsServer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (connection, js) = await QueueConnection.OpenAsync(QueueAddress.Parse(server.Url), "test", TimeSpan.FromSeconds(5), timeout.Token);
        await using var _ = connection;
        var topology = new QueueTopology(1, TimeSpan.FromSeconds(30));

        await topology.EnsureAsync(js, timeout.Token);
        await topology.EnsureAsync(js, timeout.Token);

        INatsJSStream jobs = await js.GetStreamAsync(QueueNames.JobsStream, cancellationToken: timeout.Token);
        Assert.Equal(StreamConfigRetention.Workqueue, jobs.Info.Config.Retention);
        INatsJSConsumer consumer = await js.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer, timeout.Token);
        Assert.Equal(TimeSpan.FromSeconds(30), consumer.Info.Config.AckWait);
        INatsJSStream records = await js.GetStreamAsync(QueueNames.RecordsStream, cancellationToken: timeout.Token);
        Assert.Equal(QueueTopology.RecordsMaxAge, records.Info.Config.MaxAge);
    }

    [Fact]
    public async Task AServerThatIsNotThereIsOneLineNamingItNotAHang()
    {
        int port = NatsServer.FreePort();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var e = await Assert.ThrowsAsync<QueueException>(() =>
            QueueConnection.OpenAsync(QueueAddress.Parse($"nats://127.0.0.1:{port}"), "test", TimeSpan.FromSeconds(2), timeout.Token));
        Assert.StartsWith($"cannot reach the queue server at nats://127.0.0.1:{port}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task AWrongTokenIsRefusedCredentialsAndTheTokenIsNotInTheMessage()
    {
        using var server = new NatsServer(extraArguments: ["--auth", "right-token-123"]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var e = await Assert.ThrowsAsync<QueueException>(() =>
            QueueConnection.OpenAsync(QueueAddress.Parse($"nats://wrong-token-456@127.0.0.1:{server.Port}"), "test", TimeSpan.FromSeconds(2), timeout.Token));
        Assert.Equal($"the queue server at nats://127.0.0.1:{server.Port} refused the credentials", e.Message);
        Assert.DoesNotContain("wrong-token-456", e.ToString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:4222")]
    [InlineData("nats://")]
    [InlineData("nats://host:4222/path")]
    [InlineData("127.0.0.1:4222")]
    public void AnAddressThatIsNotAQueueIsAFormatError(string value) =>
        Assert.Throws<FormatException>(() => QueueAddress.Parse(value));

    [Fact]
    public void TheDisplayedAddressHasNoSecrets() =>
        Assert.Equal("nats://queue.example:4223", QueueAddress.Parse("nats://user:s3cret@queue.example:4223").Display);
}
