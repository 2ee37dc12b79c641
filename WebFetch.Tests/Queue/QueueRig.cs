using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using WebFetch.Queue;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Queue;

/// <summary>
/// Machines of a queued run on this one: a nats-server (or a cluster of them), agents each with
/// its own TMPDIR and socket directory, and a collector's TMPDIR for <c>webfetch run --queue</c>.
/// Every process is killed and every temporary directory removed on dispose; the agents' last
/// log lines go to the test's output then, for a failure's diagnosis.
/// </summary>
public sealed class QueueRig : IAsyncDisposable
{
    /// <summary>
    /// The agents' <c>--worker-timeout</c>, which is also the consumer's ack wait: how long the
    /// jobs of a dead agent wait before they are delivered again. Short, so that a test sees it.
    /// </summary>
    public static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long an agent gets to start its workers on a loaded machine.</summary>
    public static readonly TimeSpan StartBound = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper _output;
    private readonly List<QueueAgent> _agents = [];
    private readonly List<NatsConnection> _connections = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private QueueRig(NatsServer[] servers, ITestOutputHelper output)
    {
        Servers = servers;
        _output = output;
    }

    /// <summary>One server, as one queue host.</summary>
    public static QueueRig OneServer(ITestOutputHelper output) => new([new NatsServer()], output);

    /// <summary>A server the test set up itself (credentials, TLS), as the queue host; disposed with the rig.</summary>
    public static QueueRig Over(NatsServer server, ITestOutputHelper output) => new([server], output);

    /// <summary>A cluster of <paramref name="nodes"/> servers on this machine.</summary>
    public static QueueRig Cluster(int nodes, ITestOutputHelper output) => new(NatsServer.StartCluster(nodes), output);

    public IReadOnlyList<NatsServer> Servers { get; }

    public NatsServer Server => Servers[0];

    /// <summary>The collector's machine: the TMPDIR of the <c>run --queue</c> processes and of their input and output files.</summary>
    public CliRunner Collector { get; } = new();

    /// <summary>Environment of the agents started from now on (e.g. the Debug-only fault hooks).</summary>
    public Dictionary<string, string> AgentEnvironment { get; } = [];

    /// <summary>The <c>--queue</c> URL of the agents and the runs (e.g. with the user a password is for); the first server's by default.</summary>
    public string? QueueUrl { get; set; }

    /// <summary>Arguments the agents started from now on get after the rig's own (e.g. <c>--queue-tls-ca</c>).</summary>
    public List<string> AgentArguments { get; } = [];

    public IReadOnlyList<QueueAgent> Agents => _agents;

    /// <summary>Time since the rig started, for the figures a test reports.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Starts an agent connected to <paramref name="via"/> (the first server by default) and waits until its workers are up.</summary>
    public async Task<QueueAgent> StartAgentAsync(int workers = 2, int concurrency = 4, NatsServer? via = null)
    {
        var agent = new QueueAgent($"agent-{_agents.Count + 1}", via?.Url ?? QueueUrl ?? Server.Url, workers, concurrency, AgentTimeout, AgentEnvironment, AgentArguments);
        _agents.Add(agent);
        if (!await agent.ReadyAsync(StartBound))
        {
            Assert.Fail(agent.IsAlive
                ? $"{agent.Name} did not have its {workers} workers within {StartBound.TotalSeconds} s"
                : $"{agent.Name} exited before its workers were up:\n{await agent.LogTailAsync(15)}");
        }
        return agent;
    }

    /// <summary>Starts <c>webfetch run FILE --queue URL</c> with <paramref name="options"/>, reading its stdout as it comes; the caller disposes it.</summary>
    public RunningCli StartRun(string input, IEnumerable<string> options, NatsServer? via = null) =>
        new(Collector, RunArguments(input, options, via));

    /// <summary>The arguments of <c>webfetch run FILE --queue URL OPTIONS</c>.</summary>
    public string[] RunArguments(string input, IEnumerable<string> options, NatsServer? via = null) =>
        ["run", input, "--queue", via?.Url ?? QueueUrl ?? Server.Url, .. options];

    /// <summary>A JetStream client of the test's own, connected to <paramref name="via"/>; closed with the rig.</summary>
    public async Task<INatsJSContext> JetStreamAsync(NatsServer? via = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        (NatsConnection connection, NatsJSContext js) = await QueueConnection.OpenAsync(
            QueueAddress.Parse((via ?? Server).Url), "test", TimeSpan.FromSeconds(5), timeout.Token);
        _connections.Add(connection);
        return js;
    }

    /// <summary>
    /// Creates the streams and the consumer (ack wait = <see cref="AgentTimeout"/>) with
    /// <paramref name="replicas"/> replicas before any webfetch process starts; a new cluster is
    /// retried until its members have elected a JetStream leader.
    /// </summary>
    public async Task CreateQueueAsync(int replicas)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                INatsJSContext js = await JetStreamAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await new QueueTopology(replicas, AgentTimeout).EnsureAsync(js, timeout.Token);
                return;
            }
            catch (Exception e) when (e is NatsJSException or NatsException or QueueException or OperationCanceledException
                                      && watch.Elapsed < TimeSpan.FromSeconds(45))
            {
                _output.WriteLine($"queue not ready yet: {e.GetType().Name}: {e.Message}");
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Waits until the first server answers JetStream requests (a new cluster: once its members have elected a leader), without creating anything.</summary>
    public async Task WaitForJetStreamAsync()
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await JetStreamAsync();
                return;
            }
            catch (QueueException e) when (watch.Elapsed < TimeSpan.FromSeconds(45))
            {
                _output.WriteLine($"JetStream not ready yet: {e.Message}");
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Writes a line to the test's output, stamped with the rig's clock.</summary>
    public void Log(string line) => _output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1} s] {line}");

    public async ValueTask DisposeAsync()
    {
        // every step runs whatever an earlier one threw: a failing test leaves no process behind
        var failures = new List<Exception>();
        foreach (QueueAgent agent in _agents)
        {
            await CollectAsync(failures, async () =>
            {
                await agent.KillWholeAsync(TimeSpan.FromSeconds(10));
                _output.WriteLine($"--- {agent.Name} (pid {agent.Pid}), last lines of its log:\n{await agent.LogTailAsync(15)}");
            });
            await CollectAsync(failures, () => agent.DisposeAsync().AsTask());
        }
        foreach (NatsConnection connection in _connections)
        {
            await CollectAsync(failures, () => connection.DisposeAsync().AsTask());
        }
        foreach (NatsServer server in Servers)
        {
            await CollectAsync(failures, () => Task.Run(server.Dispose));
        }
        await CollectAsync(failures, () => Task.Run(Collector.Dispose));
        if (failures.Count > 0)
        {
            throw new AggregateException("the queue rig did not stop cleanly", failures);
        }
    }

    private static async Task CollectAsync(List<Exception> failures, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e)
        {
            failures.Add(e);
        }
    }
}
