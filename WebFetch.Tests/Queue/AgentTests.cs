using System.Diagnostics;
using System.Text.Json;
using Mono.Unix.Native;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using WebFetch.Queue;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Queue;

/// <summary>
/// <c>webfetch serve</c>, the queue agent, as real processes (the agent and its workers) against a
/// real nats-server, the test playing the collector (<see cref="TestCollector"/>). The agents'
/// consumer waits <see cref="AckWait"/> for an acknowledgement, and each agent's
/// <c>--worker-timeout</c> is the same, so that a job an agent lost comes back within seconds.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class AgentTests(LocalSite site, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan AckWait = TimeSpan.FromSeconds(3);

    private readonly NatsServer _server = new();
    private readonly CliRunner _cli = new();

    private RunningCli StartAgent(CliRunner cli, params string[] options) =>
        new(cli, ["serve", "--queue", _server.Url, "--worker-timeout", $"{AckWait.TotalSeconds}", "-v", .. options]);

    [Fact(Timeout = 120_000)]
    public async Task EveryJobGetsOneRecordWithItsTitleItsHostAndItsWorkerAndIsThenAcknowledged()
    {
        await using TestCollector collector = await TestCollector.StartAsync(_server, AckWait);
        await using RunningCli agent = StartAgent(_cli, "-w", "2", "-c", "2");
        await collector.PublishRunAsync("pages");
        string[] urls = [.. Enumerable.Range(1, 20).Select(n => site.Url($"page/{n}"))];

        IReadOnlyList<string> keys = await collector.PublishJobsAsync("pages", urls);

        Assert.True(await collector.RecordsForAllAsync(keys, TimeSpan.FromSeconds(60)), $"records for {collector.RecordCount} of {keys.Count} jobs");
        IReadOnlyList<int> workers = agent.Workers;
        for (int i = 0; i < urls.Length; i++)
        {
            JsonElement record = Assert.Single(collector.RecordsOf(keys[i]));
            Assert.Equal(urls[i], record.GetProperty("url").GetString());
            Assert.Equal(JsonValueKind.Null, record.GetProperty("error").ValueKind);
            Assert.Equal(LocalSite.TitleOf(i + 1), record.GetProperty("title").GetString());
            Assert.Equal(Environment.MachineName, record.GetProperty("host").GetString());
            Assert.Contains(record.GetProperty("worker").GetInt32(), workers);
            Assert.Equal(1, record.GetProperty("attempts").GetInt32());
        }
        Assert.True(await TestCollector.EventuallyAsync(async () => await collector.JobsStoredAsync() == 0, TimeSpan.FromSeconds(10)), "jobs left unacknowledged");
        Assert.True(await TestCollector.EventuallyAsync(async () => (await BeatOfAsync(collector, agent.Pid))?.Done == urls.Length, TimeSpan.FromSeconds(15)),
            "the agent's beat does not tell its jobs done");

        agent.Signal(Signum.SIGTERM);
        CliRun done = await agent.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(done.Stderr);
        Assert.Equal(0, done.ExitCode);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 150_000)]
    public async Task APoisonUrlIsOneWorkerLostRecordAfterItsRunsAttemptsAndTheOtherUrlsAreServed()
    {
        _cli.Environment["WEBFETCH_TEST_POISON"] = "poison";
        await using TestCollector collector = await TestCollector.StartAsync(_server, AckWait);
        await using RunningCli agent = StartAgent(_cli, "-w", "2", "-c", "1");
        await collector.PublishRunAsync("poisoned", maxAttempts: 3);
        string poison = site.Url("page/2?poison");

        IReadOnlyList<string> keys = await collector.PublishJobsAsync("poisoned", [site.Url("page/1"), poison, site.Url("page/3")]);

        Assert.True(await collector.RecordsForAllAsync(keys, TimeSpan.FromSeconds(90)), $"records for {collector.RecordCount} of {keys.Count} jobs");
        JsonElement lost = Assert.Single(collector.RecordsOf(keys[1]));
        Assert.Equal("worker_lost", lost.GetProperty("error").GetProperty("kind").GetString());
        Assert.StartsWith("lost on all 3 deliveries; on the last, ", lost.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, lost.GetProperty("attempts").GetInt32());
        Assert.Equal(Environment.MachineName, lost.GetProperty("host").GetString());
        Assert.All([keys[0], keys[2]], key => Assert.Equal(JsonValueKind.Null, Assert.Single(collector.RecordsOf(key)).GetProperty("error").ValueKind));
        Assert.True(await TestCollector.EventuallyAsync(async () => await collector.JobsStoredAsync() == 0, TimeSpan.FromSeconds(10)), "jobs left unacknowledged");

        agent.Signal(Signum.SIGTERM);
        CliRun done = await agent.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(done.Stderr);
        Assert.Equal(0, done.ExitCode);
        // one worker killed per delivery, and no more deliveries than the run's attempts
        Assert.Equal(3, done.Stderr.Split('\n').Count(l => l.Contains(poison + ": attempt 1 lost", StringComparison.Ordinal)));
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact(Timeout = 150_000)]
    public async Task TheJobsOfAnAgentKilledWithItsWorkersComeBackToAnotherAgentAndEachGetsOneRecord()
    {
        await using TestCollector collector = await TestCollector.StartAsync(_server, AckWait);
        using var secondMachine = new CliRunner();
        await collector.PublishRunAsync("chaos");
        string[] urls = [.. Enumerable.Range(1, 8).Select(n => site.Url($"slow/3000?n={n}"))];
        IReadOnlyList<string> keys = await collector.PublishJobsAsync("chaos", urls);
        await using (RunningCli first = StartAgent(_cli, "-w", "2", "-c", "2"))
        {
            Assert.True(await TestCollector.EventuallyAsync(async () => (await collector.ConsumerStateAsync()).InHand == 4, TimeSpan.FromSeconds(30)),
                "the first agent never held four jobs");

            KillAll(_cli);
            Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
        }
        Assert.Equal(0, collector.RecordCount);

        await using RunningCli second = StartAgent(secondMachine, "-w", "2", "-c", "2");

        Assert.True(await collector.RecordsForAllAsync(keys, TimeSpan.FromSeconds(90)), $"records for {collector.RecordCount} of {keys.Count} jobs");
        IReadOnlyList<JsonElement> records = [.. keys.Select(key => Assert.Single(collector.RecordsOf(key)))];
        Assert.All(records, r => Assert.Equal("slow 3000", r.GetProperty("title").GetString()));
        Assert.All(records, r => Assert.Contains(r.GetProperty("worker").GetInt32(), second.Workers));
        // the four the first agent held were delivered again, and their records say so
        Assert.Equal(4, records.Count(r => r.GetProperty("attempts").GetInt32() == 2));
        Assert.Equal(4, records.Count(r => r.GetProperty("attempts").GetInt32() == 1));
        Assert.True(await TestCollector.EventuallyAsync(async () => await collector.JobsStoredAsync() == 0, TimeSpan.FromSeconds(10)), "jobs left unacknowledged");

        second.Signal(Signum.SIGTERM);
        CliRun done = await second.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(done.Stderr);
        Assert.Equal(0, done.ExitCode);
        Assert.Empty(await secondMachine.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact(Timeout = 120_000)]
    public async Task SigtermFinishesTheJobsInHandPublishesTheirRecordsTakesNoMoreAndExitsZero()
    {
        await using TestCollector collector = await TestCollector.StartAsync(_server, AckWait);
        await using RunningCli agent = StartAgent(_cli, "-w", "1", "-c", "4");
        await collector.PublishRunAsync("drained");
        string counted = $"drain-{Guid.NewGuid():N}";
        IReadOnlyList<string> held = await collector.PublishJobsAsync("drained", Enumerable.Range(1, 4).Select(n => site.CountedUrl(counted, 3000, n)));
        Assert.True(await CliRunner.EventuallyAsync(() => site.Counter(counted).Hits == 4, TimeSpan.FromSeconds(30)), "the agent never fetched four jobs at once");

        agent.Signal(Signum.SIGTERM);
        IReadOnlyList<string> later = await collector.PublishJobsAsync("drained", Enumerable.Range(1, 3).Select(n => site.Url($"page/{n}")), firstLine: 5);
        CliRun done = await agent.WaitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine(done.Stderr);
        Assert.Equal(0, done.ExitCode);
        Assert.Contains("stopped: 4 URLs done", done.Stderr, StringComparison.Ordinal);
        Assert.True(await collector.RecordsForAllAsync(held, TimeSpan.FromSeconds(10)), $"records for {collector.RecordCount} of {held.Count} jobs held");
        Assert.All(held, key => Assert.StartsWith($"counted {counted} ", Assert.Single(collector.RecordsOf(key)).GetProperty("title").GetString(), StringComparison.Ordinal));
        Assert.All(later, key => Assert.Empty(collector.RecordsOf(key)));
        Assert.Equal((later.Count, 0L), await collector.ConsumerStateAsync()); // the later jobs were never delivered
        Assert.Equal(later.Count, await collector.JobsStoredAsync());
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact(Timeout = 150_000)]
    public async Task WhenTheGracePeriodRunsOutTheJobsInHandGoBackToTheQueueAtOnceAndTheExitCodeIsTheSignals()
    {
        TimeSpan longAckWait = TimeSpan.FromSeconds(90);
        await using TestCollector collector = await TestCollector.StartAsync(_server, longAckWait);
        using var secondMachine = new CliRunner();
        await collector.PublishRunAsync("cut");
        string counted = $"cut-{Guid.NewGuid():N}";
        IReadOnlyList<string> keys = await collector.PublishJobsAsync("cut", Enumerable.Range(1, 2).Select(n => site.CountedUrl(counted, 6000, n)));
        CliRun cut;
        await using (RunningCli first = StartAgent(_cli, "-w", "1", "-c", "2", "--grace", "1"))
        {
            Assert.True(await CliRunner.EventuallyAsync(() => site.Counter(counted).Hits == 2, TimeSpan.FromSeconds(30)), "the agent never fetched both jobs");

            first.Signal(Signum.SIGTERM);
            cut = await first.WaitAsync(TimeSpan.FromSeconds(30));
        }
        output.WriteLine(cut.Stderr);
        Assert.Equal(143, cut.ExitCode);
        Assert.Contains("stopped: 0 URLs done, 2 given back to the queue unfinished", cut.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, collector.RecordCount);
        var watch = Stopwatch.StartNew();

        await using RunningCli second = StartAgent(secondMachine, "-w", "1", "-c", "2");

        // given back at once: taken by the second agent long before the consumer's ack wait
        Assert.True(await collector.RecordsForAllAsync(keys, TimeSpan.FromSeconds(45)), $"records for {collector.RecordCount} of {keys.Count} jobs");
        Assert.True(watch.Elapsed < longAckWait, $"took {watch.Elapsed}");
        Assert.All(keys, key => Assert.Equal(2, Assert.Single(collector.RecordsOf(key)).GetProperty("attempts").GetInt32()));
        Assert.Equal(4, site.Counter(counted).Hits);
        second.Signal(Signum.SIGTERM);
        Assert.Equal(0, (await second.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact(Timeout = 60_000)]
    public async Task SigintStopsTheAgentAsItStopsARunWithExitCode130()
    {
        await using TestCollector collector = await TestCollector.StartAsync(_server, AckWait);
        await using RunningCli agent = StartAgent(_cli, "-w", "1", "-c", "1");
        Assert.True(await TestCollector.EventuallyAsync(async () => await BeatOfAsync(collector, agent.Pid) is not null, TimeSpan.FromSeconds(30)), "the agent never beat");

        agent.Signal(Signum.SIGINT);
        CliRun done = await agent.WaitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine(done.Stderr);
        Assert.Equal(130, done.ExitCode);
        Assert.Contains("SIGINT: finishing the URLs in flight", done.Stderr, StringComparison.Ordinal);
        Assert.True((await BeatOfAsync(collector, agent.Pid))!.Draining, "the agent's last beat does not say it stopped taking jobs");
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact(Timeout = 120_000)]
    public async Task AJobOfARunWithdrawnFromTheQueueIsDroppedWithoutARecord()
    {
        await using TestCollector collector = await TestCollector.StartAsync(_server, AckWait);
        await using RunningCli agent = StartAgent(_cli, "-w", "1", "-c", "2");
        await collector.ReadRecordsAsync("withdrawn");
        await collector.PublishRunAsync("kept");

        IReadOnlyList<string> dropped = await collector.PublishJobsAsync("withdrawn", [site.Url("page/1"), site.Url("page/2")]);
        IReadOnlyList<string> kept = await collector.PublishJobsAsync("kept", [site.Url("page/3")]);

        Assert.True(await collector.RecordsForAllAsync(kept, TimeSpan.FromSeconds(60)));
        Assert.True(await TestCollector.EventuallyAsync(async () => await collector.JobsStoredAsync() == 0, TimeSpan.FromSeconds(20)), "the withdrawn run's jobs were not acknowledged");
        agent.Signal(Signum.SIGTERM);
        CliRun done = await agent.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(done.Stderr);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(kept, collector.Recorded);
        Assert.All(dropped, key => Assert.Empty(collector.RecordsOf(key)));
    }

    [Fact(Timeout = 120_000)]
    public async Task WhenTheQueueServerRestartsTheAgentSaysSoOnceKeepsItsUrlInFlightAndPublishesItsRecordWhenTheServerIsBack()
    {
        await using TestCollector collector = await TestCollector.StartAsync(_server, TimeSpan.FromSeconds(60));
        await using RunningCli agent = StartAgent(_cli, "-w", "1", "-c", "2");
        await collector.PublishRunAsync("restarted");
        string counted = $"restart-{Guid.NewGuid():N}";
        IReadOnlyList<string> keys = await collector.PublishJobsAsync("restarted", [site.CountedUrl(counted, 4000, 1)]);
        Assert.True(await CliRunner.EventuallyAsync(() => site.Counter(counted).Hits == 1, TimeSpan.FromSeconds(30)), "the agent never fetched the job");

        _server.Kill();
        await Task.Delay(TimeSpan.FromSeconds(5)); // the fetch ends while the server is away
        _server.Start();

        Assert.True(await collector.RecordsForAllAsync(keys, TimeSpan.FromSeconds(60)), "no record after the server came back");
        JsonElement record = Assert.Single(collector.RecordsOf(keys[0]));
        Assert.Equal(JsonValueKind.Null, record.GetProperty("error").ValueKind);
        Assert.Equal(1, record.GetProperty("attempts").GetInt32());
        Assert.Equal(1, site.Counter(counted).Hits);
        Assert.True(await TestCollector.EventuallyAsync(async () => await collector.JobsStoredAsync() == 0, TimeSpan.FromSeconds(20)), "the job was not acknowledged");
        agent.Signal(Signum.SIGTERM);
        CliRun done = await agent.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(done.Stderr);
        Assert.Equal(0, done.ExitCode);
        Assert.Single(done.Stderr.Split('\n'), l => l.Contains($"WRN webfetch: lost the queue server at {_server.Url}", StringComparison.Ordinal));
        Assert.Single(done.Stderr.Split('\n'), l => l.Contains($"INF webfetch: the queue server at {_server.Url} is back", StringComparison.Ordinal));
    }

    /// <summary>Needs the workers to fetch a request with the options it carries (FetchRequest.Options, on the worker's side).</summary>
    [Fact(Timeout = 120_000)]
    public async Task TwoRunsWithDifferentOptionsOnTheSameAgentEachGetTheirOwnOptionsApplied()
    {
        await using TestCollector collector = await TestCollector.StartAsync(_server, AckWait);
        await using RunningCli agent = StartAgent(_cli, "-w", "1", "-c", "2");
        await collector.PublishRunAsync("strict", new WebFetch.Fetching.FetchOptions { FailOnHttpError = true, Links = true });
        await collector.PublishRunAsync("lenient");

        IReadOnlyList<string> strict = await collector.PublishJobsAsync("strict", [site.Url("status/404"), site.Url("page/7")]);
        IReadOnlyList<string> lenient = await collector.PublishJobsAsync("lenient", [site.Url("status/404"), site.Url("page/7")]);

        Assert.True(await collector.RecordsForAllAsync([.. strict, .. lenient], TimeSpan.FromSeconds(60)), $"records for {collector.RecordCount} of 4 jobs");
        Assert.Equal("http_status", Assert.Single(collector.RecordsOf(strict[0])).GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, Assert.Single(collector.RecordsOf(lenient[0])).GetProperty("error").ValueKind);
        Assert.Equal(404, Assert.Single(collector.RecordsOf(lenient[0])).GetProperty("status").GetInt32());
        Assert.Equal(3, Assert.Single(collector.RecordsOf(strict[1])).GetProperty("link_urls").GetArrayLength());
        Assert.False(Assert.Single(collector.RecordsOf(lenient[1])).TryGetProperty("link_urls", out _));
        agent.Signal(Signum.SIGTERM);
        Assert.Equal(0, (await agent.WaitAsync(TimeSpan.FromSeconds(30))).ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task AnUnreachableQueueServerIsOneLineAndExitTwoWithinSecondsAndNoWorkerStarts()
    {
        int port = NatsServer.FreePort();
        var watch = Stopwatch.StartNew();

        CliRun run = await _cli.RunAsync(["serve", "--queue", $"nats://127.0.0.1:{port}"], timeout: TimeSpan.FromSeconds(45));

        output.WriteLine(run.Stderr);
        Assert.Equal(2, run.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"cannot reach the queue server at nats://127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 60_000)]
    public async Task AWrongTokenIsOneLineAndExitTwoAndTheTokenIsNotShown()
    {
        using var locked = new NatsServer(extraArguments: ["--auth", "right-token-123"]);

        CliRun run = await _cli.RunAsync(["serve", "--queue", $"nats://wrong-token-456@127.0.0.1:{locked.Port}"], timeout: TimeSpan.FromSeconds(45));

        output.WriteLine(run.Stderr);
        Assert.Equal(2, run.ExitCode);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith($"the queue server at nats://127.0.0.1:{locked.Port} refused the credentials", line, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token-456", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 30_000)]
    public async Task ServeWithoutAQueueIsAUsageError()
    {
        CliRun run = await _cli.RunAsync(["serve", "-w", "1"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--queue", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task<AgentBeat?> BeatOfAsync(TestCollector collector, int pid)
    {
        INatsJSStream stream = await collector.JetStream.GetStreamAsync(QueueNames.AgentsStream);
        try
        {
            StreamMsgGetResponse last = await stream.GetAsync(new StreamMsgGetRequest { LastBySubj = QueueNames.Agent(Environment.MachineName, pid) });
            return JsonSerializer.Deserialize(last.Message.Data.Span, QueueJson.Default.AgentBeat);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null;
        }
    }

    /// <summary>SIGKILL to every process of <paramref name="cli"/>'s runs (an agent and its workers), as a machine that dies.</summary>
    private static void KillAll(CliRunner cli)
    {
        for (int pass = 0; pass < 3; pass++)
        {
            foreach (int pid in cli.LiveProcesses())
            {
                Syscall.kill(pid, Signum.SIGKILL);
            }
        }
    }

    public void Dispose()
    {
        _cli.Dispose();
        _server.Dispose();
    }
}
