using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Queue;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Queue;

/// <summary>
/// <c>webfetch run --queue</c> as a real process against a real nats-server, the agents played
/// by the test with the NATS client (<see cref="FakeAgent"/>): what it publishes, what it writes,
/// how it stops and how it re-attaches.
/// </summary>
public sealed class CollectorTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private readonly CliRunner _runner = new();
    private readonly NatsServer _server = new();

    public void Dispose()
    {
        _runner.Dispose();
        _server.Dispose();
    }

    private static string[] Urls(int count, string host = "127.0.0.1") =>
        [.. Enumerable.Range(1, count).Select(i => $"http://{host}:9/page/{i}")];

    [Fact]
    public async Task EveryLineGetsOneRecordInInputOrderAndInvalidLinesAreRecordedHereAndNeverPublished()
    {
        await using FakeAgent agent = await FakeAgent.StartAsync(_server.Url);
        string[] urls = Urls(60);
        string[] lines = [.. urls.Take(20), "not a url", .. urls.Skip(20).Take(20), "ftp://127.0.0.1/file", .. urls.Skip(40)];
        string input = _runner.WriteInput(lines);

        CliRun run = await _runner.RunAsync(["run", input, "--queue", _server.Url, "--ordered", "--in-flight", "16"], timeout: Bound);

        Assert.True(run.ExitCode == 1, run.Stderr); // the two invalid lines are failures
        Assert.Equal(lines, run.Records.Select(r => r.GetProperty("url").GetString()));
        foreach (JsonElement record in run.Records)
        {
            string url = record.GetProperty("url").GetString()!;
            if (url.StartsWith("http://", StringComparison.Ordinal))
            {
                Assert.Equal("fetched " + url, record.GetProperty("title").GetString());
                Assert.Equal("fake-agent", record.GetProperty("host").GetString());
            }
            else
            {
                Assert.Equal("invalid_url", record.GetProperty("error").GetProperty("kind").GetString());
            }
        }
        Assert.Equal(urls.Order(), agent.Seen.Select(j => j.Url).Order());
        Assert.Equal(0, await agent.CountAsync(QueueNames.RecordsStream, QueueNames.RecordsWildcard));
        Assert.Equal(0, await agent.CountAsync(QueueNames.JobsStream, QueueNames.JobsWildcard));
        Assert.Empty(await agent.OpenRunsAsync());
    }

    [Fact]
    public async Task TwoRecordsOfOneLineAreWrittenOnce()
    {
        await using FakeAgent agent = await FakeAgent.StartAsync(_server.Url);
        agent.Twice = true;
        string[] urls = Urls(40);

        CliRun run = await _runner.RunAsync(["run", _runner.WriteInput(urls), "--queue", _server.Url, "-v"], timeout: Bound);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(urls.Order(), run.Records.Select(r => r.GetProperty("url").GetString()).Order());
        Assert.All(run.Records, r => Assert.StartsWith("fetched http", r.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task PerHostBoundsTheJobsOfAHostThatAllAgentsHoldAtOnce()
    {
        var held = new HeldPerHost();
        await using FakeAgent first = await FakeAgent.StartAsync(_server.Url, answerAfter: TimeSpan.FromMilliseconds(150), held: held);
        await using FakeAgent second = await FakeAgent.StartAsync(_server.Url, answerAfter: TimeSpan.FromMilliseconds(150), held: held);
        string[] urls = [.. Urls(15, "127.0.0.1").Zip(Urls(15, "127.0.0.2"), (a, b) => new[] { a, b }).SelectMany(pair => pair)];

        CliRun run = await _runner.RunAsync(["run", _runner.WriteInput(urls), "--queue", _server.Url, "--per-host", "2"], timeout: Bound);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(urls.Length, run.Records.Count);
        Assert.Equal(2, held.MostAtOnce("127.0.0.1:9"));
        Assert.Equal(2, held.MostAtOnce("127.0.0.2:9"));
    }

    [Fact]
    public async Task CtrlCWithdrawsTheRunsJobsFromTheQueueAndExits130()
    {
        await using FakeAgent agent = await FakeAgent.StartAsync(_server.Url, batch: 3);
        agent.Answering = false;
        string[] urls = Urls(200);
        await using var collector = new RunningCli(_runner, ["run", _runner.WriteInput(urls), "--queue", _server.Url, "--in-flight", "50", "--grace", "2"]);
        Assert.True(await CliRunner.EventuallyAsync(() => agent.HeldCount >= 3, Bound), "the agent got no job");
        Assert.True(await EventuallyAsync(async () => await agent.CountQueuedLinesAsync() >= 50, Bound), "the run did not fill its window");

        collector.Signal(Signum.SIGINT);
        CliRun run = await collector.WaitAsync(Bound);

        Assert.True(run.ExitCode == 130, run.Stderr);
        Assert.Equal(0, await agent.CountAsync(QueueNames.JobsStream, QueueNames.JobsWildcard));
        Assert.Empty(await agent.OpenRunsAsync());
        Assert.Equal(urls.Order(), run.Records.Select(r => r.GetProperty("url").GetString()).Order());
        Assert.All(run.Records, r => Assert.Equal("interrupted", r.GetProperty("error").GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task ACollectorKilledAndRunAgainWithResumeWritesEveryLineOnceAndPublishesNoLineWhoseRecordCame()
    {
        await using FakeAgent agent = await FakeAgent.StartAsync(_server.Url, batch: 5);
        agent.AnswerFirst = 10; // then it holds the jobs it gets: its records are not in when the collector dies
        string[] urls = Urls(40);
        string input = _runner.WriteInput(urls);
        string resume = Path.Combine(_runner.TempDirectory, "out.jsonl");
        string[] args = ["run", input, "--queue", _server.Url, "--resume", resume, "--in-flight", "10", "-v"];
        await using (var collector = new RunningCli(_runner, args))
        {
            Assert.True(await CliRunner.EventuallyAsync(() => agent.Seen.Count >= 10, Bound), "the agent got too few jobs");
            Assert.True(await CliRunner.EventuallyAsync(() => agent.HeldCount > 0, Bound), "the agent holds no job");
            collector.Signal(Signum.SIGKILL);
            await collector.WaitAsync(Bound);
        }
        int answeredMeanwhile = await agent.AnswerHeldAsync();
        agent.AnswerFirst = int.MaxValue;

        CliRun again = await _runner.RunAsync(args, timeout: Bound);

        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("re-attached to run", again.Stderr);
        string[] written = [.. File.ReadAllLines(resume).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()!)];
        Assert.Equal(urls.Order(), written.Order());
        Assert.Equal(agent.Seen.Count, agent.Seen.Select(j => j.Key).Distinct().Count());
        Assert.True(CountOf(again.Stderr, "its record was in the queue already") >= answeredMeanwhile, again.Stderr);
        Assert.Empty(await agent.OpenRunsAsync());
    }

    [Fact]
    public async Task ACollectorKilledAndRunAgainWithResumePublishesNoLineWhoseJobIsStillQueued()
    {
        await using FakeAgent agent = await FakeAgent.StartAsync(_server.Url);
        agent.Answering = false; // it holds what it takes: those jobs stay in the queue, unacknowledged
        string[] urls = Urls(30);
        string resume = Path.Combine(_runner.TempDirectory, "out.jsonl");
        string[] args = ["run", _runner.WriteInput(urls), "--queue", _server.Url, "--resume", resume, "-v"];
        await using (var collector = new RunningCli(_runner, [.. args, "--in-flight", "12"]))
        {
            Assert.True(await CliRunner.EventuallyAsync(() => agent.HeldCount == 12, Bound), "the agent did not get the run's first twelve lines");
            collector.Signal(Signum.SIGKILL);
            await collector.WaitAsync(Bound);
        }
        await using (var again = new RunningCli(_runner, [.. args, "--in-flight", "13"]))
        {
            // the twelve count as in flight: the thirteenth line is published once the queue has been read
            Assert.True(await CliRunner.EventuallyAsync(() => agent.HeldCount == 13, Bound), "the run again published nothing");
            agent.Answering = true;
            await agent.AnswerHeldAsync();
            CliRun run = await again.WaitAsync(Bound);

            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.True(run.Stderr.Contains("12 of its lines are still in the queue as jobs", StringComparison.Ordinal), run.Stderr);
        }
        Assert.Equal(urls.Order(), File.ReadAllLines(resume).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()).Order());
        Assert.Equal(urls.Length, agent.Seen.Count); // each line pulled once: none of the queued ones published again
        Assert.Equal(urls.Length, agent.Seen.Select(j => j.Key).Distinct().Count());
        Assert.Empty(await agent.OpenRunsAsync());
    }

    [Fact]
    public async Task ARunStoppedWithCtrlCAndRunAgainWithResumeFetchesItsInterruptedLinesInANewRun()
    {
        await using FakeAgent agent = await FakeAgent.StartAsync(_server.Url, batch: 3);
        agent.Answering = false;
        string[] urls = Urls(30);
        string resume = Path.Combine(_runner.TempDirectory, "out.jsonl");
        string[] args = ["run", _runner.WriteInput(urls), "--queue", _server.Url, "--resume", resume, "--in-flight", "10", "--grace", "1"];
        await using (var collector = new RunningCli(_runner, args))
        {
            Assert.True(await CliRunner.EventuallyAsync(() => agent.HeldCount >= 3, Bound), "the agent got no job");
            collector.Signal(Signum.SIGINT);
            Assert.Equal(130, (await collector.WaitAsync(Bound)).ExitCode);
        }
        string firstRun = agent.Seen[0].Run;
        int seenBefore = agent.Seen.Count;
        agent.Answering = true;

        CliRun again = await _runner.RunAsync(args, timeout: Bound);

        Assert.True(again.ExitCode == 0, again.Stderr);
        JsonElement[] written = [.. File.ReadAllLines(resume).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(urls.Order(), written.Select(r => r.GetProperty("url").GetString()).Order());
        Assert.All(written, r => Assert.StartsWith("fetched http", r.GetProperty("title").GetString()));
        Assert.All(agent.Seen.Skip(seenBefore), job => Assert.NotEqual(firstRun, job.Run));
        Assert.Empty(await agent.OpenRunsAsync());
    }

    [Fact]
    public async Task AServerThatIsNotThereIsOneLineAndExit2()
    {
        int port = NatsServer.FreePort();

        CliRun run = await _runner.RunAsync(["run", _runner.WriteInput(Urls(3)), "--queue", $"nats://127.0.0.1:{port}"], timeout: TimeSpan.FromSeconds(40));

        Assert.Equal(2, run.ExitCode);
        string[] said = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(said);
        Assert.Contains($"cannot reach the queue server at nats://127.0.0.1:{port}", said[0]);
        Assert.Empty(run.StdoutLines);
    }

    [Fact]
    public async Task AWrongTokenIsOneLineAndExit2()
    {
        using var guarded = new NatsServer(extraArguments: ["--auth", "right-token-123"]);

        CliRun run = await _runner.RunAsync(["run", _runner.WriteInput(Urls(3)), "--queue", $"nats://wrong-token-456@127.0.0.1:{guarded.Port}"], timeout: TimeSpan.FromSeconds(40));

        Assert.Equal(2, run.ExitCode);
        string[] said = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(said);
        Assert.Contains("refused the credentials", said[0]);
        Assert.DoesNotContain("wrong-token-456", run.Stderr);
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > within)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
