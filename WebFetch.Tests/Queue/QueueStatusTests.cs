using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using WebFetch.Queue;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Queue;

public sealed class QueueStatusTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset RunStarted = new(2026, 12, 3, 9, 30, 0, TimeSpan.Zero);

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task TheStatusCountsEveryRunJobRecordAndAgentOfTheQueueExactly()
    {
        using var server = new NatsServer();
        using var timeout = new CancellationTokenSource(Bound);
        var (connection, js) = await QueueConnection.OpenAsync(QueueAddress.Parse(server.Url), "test", TimeSpan.FromSeconds(10), timeout.Token);
        await using var _ = connection;
        await new QueueTopology(1, TimeSpan.FromMinutes(5)).EnsureAsync(js, timeout.Token);
        await PublishAsync(js, QueueNames.Run("run-one"), JsonSerializer.SerializeToUtf8Bytes(
            new RunSpec("run-one", "{}", 3, "collector-host", RunStarted), QueueJson.Default.RunSpec), timeout.Token);
        foreach (int line in new[] { 1, 2, 3 })
        {
            await PublishAsync(js, QueueNames.Jobs("run-one"), Job("run-one", $"0:{line}"), timeout.Token);
        }
        await PublishAsync(js, QueueNames.Jobs("run-two"), Job("run-two", "0:1"), timeout.Token); // its spec is gone: no collector
        await PublishAsync(js, QueueNames.Records("run-one"), """{"url":"http://127.0.0.1/1","status":200}"""u8.ToArray(), timeout.Token);
        await PublishAsync(js, QueueNames.Agent("agent-a.example", 4242), JsonSerializer.SerializeToUtf8Bytes(
            new AgentBeat("agent-a.example", 4242, 2, 8, 5, 17, false, RunStarted, DateTimeOffset.UtcNow), QueueJson.Default.AgentBeat), timeout.Token);
        // One job handed out, given back (a redelivery), handed out again and held un-acknowledged.
        INatsJSConsumer consumer = await js.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer, timeout.Token);
        INatsJSMsg<byte[]> first = await NextAsync(consumer, timeout.Token);
        await first.NakAsync(new AckOpts { DoubleAck = true }, timeout.Token); // confirmed: the next pull gets it again
        INatsJSMsg<byte[]> held = await NextAsync(consumer, timeout.Token);
        Assert.Equal(2ul, held.Metadata!.Value.NumDelivered);

        CliRun run = await _cli.RunAsync(["queue", "status", "--queue", server.Url], timeout: Bound);

        Assert.True(run.ExitCode == 0, run.Stderr);
        JsonElement status = Assert.Single(run.Records);
        Assert.True(status.GetProperty("queue_exists").GetBoolean());
        Assert.Equal(server.Url, status.GetProperty("server").GetString());
        JsonElement jobs = status.GetProperty("jobs");
        Assert.Equal(4, jobs.GetProperty("queued").GetInt64());
        Assert.Equal(3, jobs.GetProperty("waiting").GetInt64());
        Assert.Equal(1, jobs.GetProperty("in_flight").GetInt64());
        Assert.Equal(1, jobs.GetProperty("redelivered").GetInt64());
        Assert.Equal(1, status.GetProperty("record_messages_waiting").GetInt64());
        JsonElement[] runs = [.. status.GetProperty("runs").EnumerateArray()];
        Assert.Equal(2, runs.Length);
        Assert.Equal("run-one", runs[0].GetProperty("run").GetString());
        Assert.Equal("collector-host", runs[0].GetProperty("collector").GetString());
        Assert.Equal(RunStarted, runs[0].GetProperty("started").GetDateTimeOffset());
        Assert.Equal(3, runs[0].GetProperty("max_attempts").GetInt32());
        Assert.Equal(3, runs[0].GetProperty("jobs_queued").GetInt64());
        Assert.Equal(1, runs[0].GetProperty("record_messages_waiting").GetInt64());
        Assert.Equal("run-two", runs[1].GetProperty("run").GetString());
        Assert.Equal(JsonValueKind.Null, runs[1].GetProperty("collector").ValueKind);
        Assert.Equal(1, runs[1].GetProperty("jobs_queued").GetInt64());
        Assert.Equal(0, runs[1].GetProperty("record_messages_waiting").GetInt64());
        JsonElement agent = Assert.Single(status.GetProperty("agents").EnumerateArray());
        Assert.Equal("agent-a.example", agent.GetProperty("host").GetString());
        Assert.Equal(4242, agent.GetProperty("pid").GetInt32());
        Assert.Equal(2, agent.GetProperty("workers").GetInt32());
        Assert.Equal(8, agent.GetProperty("concurrency").GetInt32());
        Assert.Equal(5, agent.GetProperty("in_flight").GetInt32());
        Assert.Equal(17, agent.GetProperty("done").GetInt64());
        Assert.False(agent.GetProperty("draining").GetBoolean());
        Assert.InRange(agent.GetProperty("seen_seconds_ago").GetInt64(), 0, (long)Bound.TotalSeconds);
        await held.AckAsync(cancellationToken: timeout.Token);
    }

    [Fact]
    public async Task OnATerminalTheStatusIsATableOfRunsAndAgents()
    {
        using var server = new NatsServer();
        using var timeout = new CancellationTokenSource(Bound);
        var (connection, js) = await QueueConnection.OpenAsync(QueueAddress.Parse(server.Url), "test", TimeSpan.FromSeconds(10), timeout.Token);
        await using var _ = connection;
        await new QueueTopology(1, TimeSpan.FromMinutes(5)).EnsureAsync(js, timeout.Token);
        await PublishAsync(js, QueueNames.Run("run-one"), JsonSerializer.SerializeToUtf8Bytes(
            new RunSpec("run-one", "{}", 3, "collector-host", RunStarted), QueueJson.Default.RunSpec), timeout.Token);
        await PublishAsync(js, QueueNames.Jobs("run-one"), Job("run-one", "0:1"), timeout.Token);
        await PublishAsync(js, QueueNames.Agent("agent-a", 4242), JsonSerializer.SerializeToUtf8Bytes(
            new AgentBeat("agent-a", 4242, 2, 8, 0, 17, true, RunStarted, DateTimeOffset.UtcNow), QueueJson.Default.AgentBeat), timeout.Token);

        // script(1) gives the command a pseudo-terminal for its stdout, as a person at a terminal has.
        CliRun run = await _cli.RunInShellAsync("""exec script -qec "dotnet '$WEBFETCH_DLL' queue status --queue $1" /dev/null""", server.Url);

        Assert.True(run.ExitCode == 0, run.Stderr + string.Join('\n', run.StdoutLines));
        string screen = string.Join('\n', run.StdoutLines);
        Assert.DoesNotContain("{\"", screen);
        Assert.Contains("Jobs: 1 queued (1 waiting, 0 in flight, 0 redelivered); 0 messages of records waiting for a collector", screen);
        Assert.Contains("run-one  collector-host  2026-12-03 09:30:00Z  3         1     0", screen);
        Assert.Matches(@"agent-a  4242  2 x 8    0          17    draining  \d+ s ago", screen);
    }

    [Fact]
    public async Task AServerWithoutTheQueueSaysSoWithEmptyCountsAndIsLeftWithoutIt()
    {
        using var server = new NatsServer();
        using var timeout = new CancellationTokenSource(Bound);

        CliRun run = await _cli.RunAsync(["queue", "status", "--queue", server.Url, "--json"], timeout: Bound);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("no webfetch queue on this server yet", run.Stderr);
        JsonElement status = Assert.Single(run.Records);
        Assert.False(status.GetProperty("queue_exists").GetBoolean());
        Assert.Equal(0, status.GetProperty("jobs").GetProperty("queued").GetInt64());
        Assert.Equal(0, status.GetProperty("record_messages_waiting").GetInt64());
        Assert.Empty(status.GetProperty("runs").EnumerateArray());
        Assert.Empty(status.GetProperty("agents").EnumerateArray());
        var (connection, js) = await QueueConnection.OpenAsync(QueueAddress.Parse(server.Url), "test", TimeSpan.FromSeconds(10), timeout.Token);
        await using var _ = connection;
        var streams = new List<string>();
        await foreach (string name in js.ListStreamNamesAsync(cancellationToken: timeout.Token))
        {
            streams.Add(name);
        }
        Assert.Empty(streams);
    }

    [Fact]
    public async Task AnUnreachableServerIsOneLineAndExitTwoNotAHang()
    {
        int port = NatsServer.FreePort();

        CliRun run = await _cli.RunAsync(["queue", "status", "--queue", $"nats://127.0.0.1:{port}"], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.StdoutLines);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"cannot reach the queue server at nats://127.0.0.1:{port}", line);
    }

    [Fact]
    public async Task AWrongTokenIsOneLineAndExitTwoWithoutTheToken()
    {
        using var server = new NatsServer(extraArguments: ["--auth", "right-token-123"]);

        CliRun run = await _cli.RunAsync(["queue", "status", "--queue", $"nats://wrong-token-456@127.0.0.1:{server.Port}"], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"the queue server at nats://127.0.0.1:{server.Port} refused the credentials", line);
        Assert.DoesNotContain("wrong-token-456", run.Stderr);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4222")]
    [InlineData("")]
    public async Task AQueueAddressThatIsNotOneIsAUsageError(string address)
    {
        CliRun run = await _cli.RunAsync(["queue", "status", "--queue", address], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--queue", run.Stderr);
    }

    [Fact]
    public async Task WithoutAQueueAddressTheStatusIsAUsageError()
    {
        CliRun run = await _cli.RunAsync(["queue", "status"], timeout: TimeSpan.FromSeconds(30));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--queue", run.Stderr);
        Assert.Contains("Try 'webfetch queue status --help'.", run.Stderr);
    }

    private static byte[] Job(string run, string key) =>
        JsonSerializer.SerializeToUtf8Bytes(new JobMessage(run, key, $"http://127.0.0.1/{key}"), QueueJson.Default.JobMessage);

    private static async Task PublishAsync(NatsJSContext js, string subject, byte[] data, CancellationToken cancellationToken)
    {
        var ack = await js.PublishAsync(subject, data, cancellationToken: cancellationToken);
        ack.EnsureSuccess();
    }

    private static async Task<INatsJSMsg<byte[]>> NextAsync(INatsJSConsumer consumer, CancellationToken cancellationToken)
    {
        await foreach (INatsJSMsg<byte[]> message in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 1, Expires = TimeSpan.FromSeconds(10) }, cancellationToken: cancellationToken))
        {
            return message;
        }
        throw new InvalidOperationException("no job was handed out within 10 s");
    }
}
