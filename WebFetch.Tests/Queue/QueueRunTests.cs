using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mono.Unix.Native;
using NATS.Client.JetStream;
using WebFetch.Queue;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Queue;

/// <summary>
/// One run across machines: a real nats-server (or three), agents each as on a machine of its
/// own, a collector, all through the real CLI, against the loopback site. The promise under
/// test: exactly one record per input line at the collector, whatever happens to the agents,
/// the server or the collector.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class QueueRunTests(LocalSite site, ITestOutputHelper output)
{
    /// <summary>How long a whole queued run may take on a loaded machine before the test calls it a hang.</summary>
    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(90);

    [Fact(Timeout = 180_000)]
    public async Task TwoAgentsAnswerEveryLineOnceWithTheTitlesOfALocalRun()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        string[] urls = Enumerable.Range(0, 2000).Select(n => site.Url($"page/{n}")).ToArray();
        string input = rig.Collector.WriteInput(urls);
        // no queue made beforehand: the first agent creates the streams and the consumer
        QueueAgent first = await rig.StartAgentAsync(workers: 1, concurrency: 8);
        QueueAgent second = await rig.StartAgentAsync(workers: 1, concurrency: 8);
        IReadOnlyList<int> firstWorkers = first.Workers, secondWorkers = second.Workers;

        var watch = Stopwatch.StartNew();
        await using RunningCli queued = rig.StartRun(input, ["-q"]);
        CliRun run = await queued.WaitAsync(RunBound);
        TimeSpan queuedTime = watch.Elapsed;
        watch.Restart();
        CliRun local = await rig.Collector.RunAsync(["run", input, "-w", "2", "-q"], timeout: RunBound);
        rig.Log($"2,000 pages: queued over two agents in {queuedTime.TotalSeconds:F1} s, locally with 2 workers in {watch.Elapsed.TotalSeconds:F1} s");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal(0, local.ExitCode);
        Dictionary<string, JsonElement> records = OneRecordPerLine(run, urls);
        Dictionary<string, JsonElement> localRecords = OneRecordPerLine(local, urls);
        Assert.All(urls, url => Assert.Equal(localRecords[url].GetProperty("title").GetString(), records[url].GetProperty("title").GetString()));
        Assert.All(records.Values, r => Assert.Equal(Environment.MachineName, r.GetProperty("host").GetString()));
        Assert.All(records.Values, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        int[] answeredBy = records.Values.Select(r => r.GetProperty("worker").GetInt32()).ToArray();
        Assert.True(answeredBy.Any(firstWorkers.Contains) && answeredBy.Any(secondWorkers.Contains),
            $"not both agents answered: {answeredBy.Count(firstWorkers.Contains)} records from the first, {answeredBy.Count(secondWorkers.Contains)} from the second");
    }

    [Fact(Timeout = 180_000)]
    public async Task AnAgentKilledWholeMidRunLosesNoLineAndItsJobsAreDeliveredAgain()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        await rig.CreateQueueAsync(replicas: 1);
        string[] urls = Enumerable.Range(0, 600).Select(n => site.Url($"slow/150?chaos={n}")).ToArray();
        QueueAgent victim = await rig.StartAgentAsync(workers: 2, concurrency: 4);
        await rig.StartAgentAsync(workers: 2, concurrency: 4);

        await using RunningCli queued = rig.StartRun(rig.Collector.WriteInput(urls), ["-q"]);
        Assert.True(await CliRunner.EventuallyAsync(() => queued.RecordCount >= urls.Length / 4, RunBound), "a quarter of the records never came");
        int recordsAtKill = queued.RecordCount;
        TimeSpan killedAt = rig.Elapsed;
        int killed = await victim.KillWholeAsync(TimeSpan.FromSeconds(10));
        rig.Log($"killed {victim.Name} whole ({killed} processes) at {recordsAtKill} records");
        await rig.StartAgentAsync(workers: 2, concurrency: 4);
        CliRun run = await queued.WaitAsync(RunBound);

        Dictionary<string, JsonElement> records = OneRecordPerLine(run, urls);
        JsonElement[] redelivered = records.Values.Where(r => r.GetProperty("attempts").GetInt32() > 1).ToArray();
        rig.Log($"chaos: {urls.Length} lines, {records.Count} records, {redelivered.Length} delivered more than once " +
                $"(attempts up to {records.Values.Max(r => r.GetProperty("attempts").GetInt32())}), " +
                $"{(rig.Elapsed - killedAt).TotalSeconds:F1} s from the kill to the end of the run");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.All(records.Values, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        Assert.NotEmpty(redelivered);
    }

    [Fact(Timeout = 180_000)]
    public async Task TheServerRestartedMidRunLosesNoLine()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        await rig.CreateQueueAsync(replicas: 1);
        string[] urls = Enumerable.Range(0, 400).Select(n => site.Url($"slow/100?restart={n}")).ToArray();
        await rig.StartAgentAsync(workers: 2, concurrency: 4);
        await rig.StartAgentAsync(workers: 2, concurrency: 4);

        // attempts to spare: this test is about losing nothing, and a job whose ack the restart
        // swallowed is delivered again
        await using RunningCli queued = rig.StartRun(rig.Collector.WriteInput(urls), ["-q", "--max-attempts", "6"]);
        Assert.True(await CliRunner.EventuallyAsync(() => queued.RecordCount >= urls.Length / 4, RunBound), "a quarter of the records never came");
        rig.Server.Kill();
        TimeSpan downAt = rig.Elapsed;
        rig.Log($"nats-server killed at {queued.RecordCount} records");
        // the outage itself: the clients must notice the server gone before it comes back
        await Task.Delay(TimeSpan.FromSeconds(2));
        int recordsWhileDown = queued.RecordCount;
        rig.Server.Start();
        rig.Log($"nats-server started again on port {rig.Server.Port} at {recordsWhileDown} records");
        CliRun run = await queued.WaitAsync(RunBound);

        Dictionary<string, JsonElement> records = OneRecordPerLine(run, urls);
        rig.Log($"server restart: {records.Count} records, {records.Values.Count(r => r.GetProperty("attempts").GetInt32() > 1)} delivered more than once, " +
                $"{(rig.Elapsed - downAt).TotalSeconds:F1} s from the kill to the end of the run");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.All(records.Values, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
    }

    [Fact(Timeout = 180_000)]
    public async Task AClusterThatLosesTheNodeLeadingTheJobsCompletesTheRun()
    {
        await using QueueRig rig = QueueRig.Cluster(3, output);
        await rig.WaitForJetStreamAsync();
        string[] urls = Enumerable.Range(0, 400).Select(n => site.Url($"slow/100?cluster={n}")).ToArray();
        // the first agent creates the streams, with the replicas asked for; each machine knows one node, and the client learns the others from it
        rig.AgentArguments.AddRange(["--queue-replicas", "3"]);
        await rig.StartAgentAsync(workers: 2, concurrency: 4, via: rig.Servers[0]);
        await rig.StartAgentAsync(workers: 2, concurrency: 4, via: rig.Servers[1]);

        await using RunningCli queued = rig.StartRun(rig.Collector.WriteInput(urls), ["-q", "--max-attempts", "6"], via: rig.Servers[2]);
        Assert.True(await CliRunner.EventuallyAsync(() => queued.RecordCount >= urls.Length / 4, RunBound), "a quarter of the records never came");
        INatsJSContext js = await rig.JetStreamAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        INatsJSStream jobs = await js.GetStreamAsync(QueueNames.JobsStream, cancellationToken: timeout.Token);
        foreach (string stream in new[] { QueueNames.JobsStream, QueueNames.RecordsStream, QueueNames.RunsStream, QueueNames.AgentsStream })
        {
            Assert.Equal(3, (await js.GetStreamAsync(stream, cancellationToken: timeout.Token)).Info.Config.NumReplicas);
        }
        Assert.Equal(3, (await js.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer, timeout.Token)).Info.Config.NumReplicas);
        string leader = jobs.Info.Cluster!.Leader!;
        NatsServer victim = rig.Servers.Single(s => s.Name == leader);
        victim.Kill();
        TimeSpan killedAt = rig.Elapsed;
        rig.Log($"killed node {leader} (port {victim.Port}), the jobs stream's leader, at {queued.RecordCount} records");
        CliRun run = await queued.WaitAsync(RunBound);

        Dictionary<string, JsonElement> records = OneRecordPerLine(run, urls);
        rig.Log($"cluster: {records.Count} records, {records.Values.Count(r => r.GetProperty("attempts").GetInt32() > 1)} delivered more than once, " +
                $"{(rig.Elapsed - killedAt).TotalSeconds:F1} s from the kill to the end of the run");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.All(records.Values, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
    }

    [Fact(Timeout = 180_000)]
    public async Task APoisonUrlIsOneWorkerLostRecordAfterMaxAttemptsDeliveries()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        await rig.CreateQueueAsync(replicas: 1);
        rig.AgentEnvironment["WEBFETCH_TEST_POISON"] = "poison";
        string poison = site.Url("page/1?poison");
        string[] fine = Enumerable.Range(2, 10).Select(n => site.Url($"page/{n}")).ToArray();
        // one connection per worker: the poison takes no innocent URL down with it
        await rig.StartAgentAsync(workers: 1, concurrency: 1);
        await rig.StartAgentAsync(workers: 1, concurrency: 1);

        await using RunningCli queued = rig.StartRun(rig.Collector.WriteInput([poison, .. fine]), ["-q", "--max-attempts", "3"]);
        CliRun run = await queued.WaitAsync(RunBound);

        Dictionary<string, JsonElement> records = OneRecordPerLine(run, [poison, .. fine]);
        Assert.Equal(1, run.ExitCode);
        JsonElement lost = records[poison];
        rig.Log($"poison: {lost}");
        Assert.Equal("worker_lost", lost.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(3, lost.GetProperty("attempts").GetInt32());
        Assert.Equal(Environment.MachineName, lost.GetProperty("host").GetString());
        Assert.All(fine, url => Assert.Equal(JsonValueKind.Null, records[url].GetProperty("error").ValueKind));
    }

    [Fact(Timeout = 180_000)]
    public async Task TwoRunsWithTheirOwnOptionsShareTheAgents()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        await rig.CreateQueueAsync(replicas: 1);
        string[] urls = Enumerable.Range(0, 300).Select(n => site.Url($"page/{n}")).ToArray();
        await rig.StartAgentAsync(workers: 1, concurrency: 4);
        await rig.StartAgentAsync(workers: 1, concurrency: 4);

        await using RunningCli headings = rig.StartRun(rig.Collector.WriteInput(urls), ["-q", "--select", "h=h1"]);
        await using RunningCli descriptions = rig.StartRun(rig.Collector.WriteInput(urls),
            ["-q", "--select", "d=meta[name=description]@content", "--links"]);
        CliRun first = await headings.WaitAsync(RunBound);
        CliRun second = await descriptions.WaitAsync(RunBound);

        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}: {first.Stderr}");
        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}: {second.Stderr}");
        Dictionary<string, JsonElement> h = OneRecordPerLine(first, urls), d = OneRecordPerLine(second, urls);
        for (int n = 0; n < urls.Length; n++)
        {
            JsonElement hs = h[urls[n]].GetProperty("select");
            Assert.True(hs.TryGetProperty("h", out JsonElement heading), $"run 1 without its selection: {h[urls[n]]}");
            Assert.Equal([$"Page {n}"], heading.EnumerateArray().Select(e => e.GetString()));
            Assert.False(hs.TryGetProperty("d", out _), $"run 1 got run 2's selection: {h[urls[n]]}");
            Assert.False(h[urls[n]].TryGetProperty("link_urls", out _), $"run 1 got run 2's --links: {h[urls[n]]}");
            JsonElement ds = d[urls[n]].GetProperty("select");
            Assert.True(ds.TryGetProperty("d", out JsonElement description), $"run 2 without its selection: {d[urls[n]]}");
            Assert.Equal([$"Description of page {n}"], description.EnumerateArray().Select(e => e.GetString()));
            Assert.False(ds.TryGetProperty("h", out _), $"run 2 got run 1's selection: {d[urls[n]]}");
            Assert.Contains(site.Url($"page/{n + 1}"), d[urls[n]].GetProperty("link_urls").EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task PerHostTwoHoldsOverTwoAgents()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        await rig.CreateQueueAsync(replicas: 1);
        string key = $"per-host-{Guid.NewGuid():N}";
        string[] urls = Enumerable.Range(0, 40).Select(n => site.CountedUrl(key, 200, n)).ToArray();
        // 16 slots over the two agents: only the collector's --per-host can keep it at 2
        await rig.StartAgentAsync(workers: 2, concurrency: 4);
        await rig.StartAgentAsync(workers: 2, concurrency: 4);

        await using RunningCli queued = rig.StartRun(rig.Collector.WriteInput(urls), ["-q", "--per-host", "2"]);
        CliRun run = await queued.WaitAsync(RunBound);

        LocalSite.RequestCounter counter = site.Counter(key);
        rig.Log($"per-host 2: {counter.Hits} requests, at most {counter.MaxConcurrent} at once");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        OneRecordPerLine(run, urls);
        Assert.Equal(urls.Length, counter.Hits);
        Assert.Equal(2, counter.MaxConcurrent);
    }

    [Fact(Timeout = 180_000)]
    public async Task ACollectorKilledAndRunAgainWithResumeGetsTheRestAndFetchesNothingTwice()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        await rig.CreateQueueAsync(replicas: 1);
        string prefix = $"resume-{Guid.NewGuid():N}";
        string[] urls = Enumerable.Range(0, 400).Select(n => site.CountedUrl($"{prefix}-{n}", 200, n)).ToArray();
        string input = rig.Collector.WriteInput(urls);
        string records = Path.Combine(rig.Collector.TempDirectory, "records.jsonl");
        await rig.StartAgentAsync(workers: 2, concurrency: 4);
        await rig.StartAgentAsync(workers: 2, concurrency: 4);
        string[] command = rig.RunArguments(input, ["-q", "--resume", records]);

        await using (var first = new RunningCli(rig.Collector, command))
        {
            Assert.True(await CliRunner.EventuallyAsync(() => LinesIn(records) >= urls.Length / 4, RunBound), "a quarter of the records never came");
            first.Signal(Signum.SIGKILL);
            CliRun killed = await first.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(128 + (int)Signum.SIGKILL, killed.ExitCode);
        }
        int written = LinesIn(records);
        int fetched = urls.Select((_, n) => site.Counter($"{prefix}-{n}").Hits).Sum();
        rig.Log($"collector killed with {written} records written, {fetched} URLs fetched");
        // the agents go on meanwhile: what they finish waits in the records stream
        INatsJSContext js = await rig.JetStreamAsync();
        bool drained = await EventuallyAsync(async () => (await JobsLeftAsync(js)) == 0, TimeSpan.FromSeconds(30));
        rig.Log($"jobs stream {(drained ? "drained" : "not drained")} while the collector was down; {urls.Select((_, n) => site.Counter($"{prefix}-{n}").Hits).Sum()} URLs fetched");

        CliRun again = await rig.Collector.RunAsync(command, timeout: RunBound);

        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}: {again.Stderr}");
        string[] lines = File.ReadAllLines(records);
        string[] recorded = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("url").GetString()!).ToArray();
        Assert.Equal(urls.Order(), recorded.Order());
        int[] hits = urls.Select((_, n) => site.Counter($"{prefix}-{n}").Hits).ToArray();
        Assert.True(hits.All(h => h == 1),
            $"fetched twice: {string.Join(", ", urls.Where((_, n) => hits[n] > 1))}; never: {string.Join(", ", urls.Where((_, n) => hits[n] == 0))}");
    }

    [Fact(Timeout = 180_000)]
    public async Task CtrlCOnTheCollectorExits130AndLeavesNoJobOfTheRunInTheQueue()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        await rig.CreateQueueAsync(replicas: 1);
        string key = $"ctrl-c-{Guid.NewGuid():N}";
        string[] urls = Enumerable.Range(0, 400).Select(n => site.CountedUrl(key, 300, n)).ToArray();
        await rig.StartAgentAsync(workers: 1, concurrency: 4);
        await rig.StartAgentAsync(workers: 1, concurrency: 4);
        INatsJSContext js = await rig.JetStreamAsync();

        await using RunningCli queued = rig.StartRun(rig.Collector.WriteInput(urls), ["-q", "--grace", "2s"]);
        Assert.True(await CliRunner.EventuallyAsync(() => queued.RecordCount >= 20, RunBound), "20 records never came");
        queued.Signal(Signum.SIGINT);
        var watch = Stopwatch.StartNew();
        CliRun run = await queued.WaitAsync(TimeSpan.FromSeconds(30));
        rig.Log($"Ctrl-C: exit {run.ExitCode} {watch.Elapsed.TotalSeconds:F1} s after SIGINT, {run.StdoutLines.Count} records, {site.Counter(key).Hits} URLs fetched");

        Assert.Equal(130, run.ExitCode);
        // the jobs the agents held when the run stopped are acknowledged as they finish: then none is left
        Assert.True(await EventuallyAsync(async () => (await JobsLeftAsync(js)) == 0, TimeSpan.FromSeconds(15)),
            $"{await JobsLeftAsync(js)} jobs of the run still in the queue");
        Assert.True(site.Counter(key).Hits < urls.Length, "every URL was fetched: the run was not stopped");
    }

    [Fact(Timeout = 120_000)]
    public async Task AWrongTokenIsOneLineAndExit2ForTheCollectorAndTheAgent()
    {
        using var server = new NatsServer(extraArguments: ["--auth", "right-token-123"]);
        string queue = $"nats://wrong-token-456@127.0.0.1:{server.Port}";
        string expected = $"the queue server at nats://127.0.0.1:{server.Port} refused the credentials";

        await AssertRefusedAsync(queue, expected, secret: "wrong-token-456");
    }

    [Fact(Timeout = 120_000)]
    public async Task AnUnreachableServerIsOneLineAndExit2ForTheCollectorAndTheAgent()
    {
        int port = NatsServer.FreePort();

        await AssertRefusedAsync($"nats://127.0.0.1:{port}", $"cannot reach the queue server at nats://127.0.0.1:{port}");
    }

    [Fact(Timeout = 120_000)]
    public async Task AServerGoneBeforeTheStartIsOneLineAndExit2()
    {
        string queue;
        using (var server = new NatsServer())
        {
            queue = server.Url;
            server.Kill();
        }

        await AssertRefusedAsync(queue, $"cannot reach the queue server at {queue}");
    }

    [Fact(Timeout = 120_000)]
    public async Task AServerThatAcceptsAndNeverAnswersIsOneLineAndExit2NotAHang()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<Socket>();
        using var accepting = new CancellationTokenSource();
        Task accept = Task.Run(async () =>
        {
            while (!accepting.IsCancellationRequested)
            {
                held.Add(await silent.AcceptSocketAsync(accepting.Token));
            }
        });
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        try
        {
            await AssertRefusedAsync($"nats://127.0.0.1:{port}", $"cannot reach the queue server at nats://127.0.0.1:{port}");
        }
        finally
        {
            await accepting.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accept);
            held.ForEach(s => s.Dispose());
        }
    }

    private Task AssertRefusedAsync(string queue, string expected, string? secret = null) =>
        QueueRefusal.AssertAsync(site, output, queue, expected, secret: secret);

    /// <summary>Exactly one record per input line, each under its line's URL.</summary>
    private static Dictionary<string, JsonElement> OneRecordPerLine(CliRun run, string[] urls)
    {
        IReadOnlyList<JsonElement> records = run.Records;
        string[] seen = records.Select(r => r.GetProperty("url").GetString()!).ToArray();
        string[] twice = seen.GroupBy(u => u).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToArray();
        string[] missing = urls.Except(seen).Take(5).ToArray();
        Assert.True(twice.Length == 0 && missing.Length == 0 && seen.Length == urls.Length,
            $"{seen.Length} records for {urls.Length} lines; twice: {string.Join(", ", twice)}; missing: {string.Join(", ", missing)}; stderr:\n{run.Stderr}");
        return records.ToDictionary(r => r.GetProperty("url").GetString()!);
    }

    /// <summary>Messages left in the jobs stream (one run per test server: all of them are the run's).</summary>
    private static async Task<ulong> JobsLeftAsync(INatsJSContext js)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        INatsJSStream jobs = await js.GetStreamAsync(QueueNames.JobsStream, cancellationToken: timeout.Token);
        return (ulong)jobs.Info.State.Messages;
    }

    /// <summary>Complete lines in a file another process is writing.</summary>
    private static int LinesIn(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.GetBuffer().AsSpan(0, (int)copy.Length).Count((byte)'\n');
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > within)
            {
                return false;
            }
            await Task.Delay(200);
        }
        return true;
    }
}
