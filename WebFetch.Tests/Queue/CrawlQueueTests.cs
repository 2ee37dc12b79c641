using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mono.Unix.Native;
using WebFetch.Tests.Crawl;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Queue;

/// <summary>
/// <c>webfetch crawl --queue</c>: the crawl's frontier and seen-set in the collector, two agents
/// fetching and parsing, over a real nats-server and the loopback site with a defect of every
/// kind planted (<see cref="CrawlSite.Defects"/>).
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class CrawlQueueTests(CrawlSite site, ITestOutputHelper output) : IClassFixture<CrawlSite>
{
    /// <summary>How long a whole crawl may take on a loaded machine before the test calls it a hang.</summary>
    internal static readonly TimeSpan CrawlBound = TimeSpan.FromSeconds(90);

    [Fact(Timeout = 180_000)]
    public async Task TwoAgentsFindEveryPlantedDefectOnceWithItsReferrerAndLeaveNothingInTheQueue()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        // one worker of four connections each: no agent takes more than four jobs at once, so both get some
        QueueAgent first = await rig.StartAgentAsync(workers: 1, concurrency: 4);
        QueueAgent second = await rig.StartAgentAsync(workers: 1, concurrency: 4);
        IReadOnlyList<int> firstWorkers = first.Workers, secondWorkers = second.Workers;

        CliRun run = await rig.Collector.RunAsync(CrawlArguments(rig), timeout: CrawlBound);
        rig.Log($"crawl over two agents: exit {run.ExitCode}, {run.Records.Count} records");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Stderr}");
        IReadOnlyList<JsonElement> records = run.Records;
        CrawlTesting.AssertEveryDefectOnce(site, records);
        Assert.Equal(0, site.Requests("/outside-linked.html"));
        int[] fetchedBy = [.. records.Where(r => r.TryGetProperty("worker", out JsonElement w) && w.ValueKind == JsonValueKind.Number).Select(r => r.GetProperty("worker").GetInt32())];
        Assert.True(fetchedBy.Any(firstWorkers.Contains) && fetchedBy.Any(secondWorkers.Contains),
            $"not both agents fetched: {fetchedBy.Count(firstWorkers.Contains)} records from the first, {fetchedBy.Count(secondWorkers.Contains)} from the second");
        await AssertQueueEmptyAsync(rig, TimeSpan.Zero);
    }

    [Fact(Timeout = 180_000)]
    public async Task CtrlCMidCrawlExits130AndLeavesNothingInTheQueue()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        await rig.StartAgentAsync(workers: 1, concurrency: 4);
        await rig.StartAgentAsync(workers: 1, concurrency: 4);

        // a delay per host makes the crawl of the site last long enough to be interrupted midway
        await using var crawl = new RunningCli(rig.Collector, CrawlArguments(rig, "--delay", "400ms", "--grace", "2s"));
        Assert.True(await CliRunner.EventuallyAsync(() => crawl.RecordCount >= 3, CrawlBound), "3 records never came");
        crawl.Signal(Signum.SIGINT);
        var watch = Stopwatch.StartNew();
        CliRun run = await crawl.WaitAsync(TimeSpan.FromSeconds(30));
        rig.Log($"Ctrl-C: exit {run.ExitCode} {watch.Elapsed.TotalSeconds:F1} s after SIGINT, {run.Records.Count} records");

        Assert.True(run.ExitCode == 130, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains(run.Records, r => CrawlTesting.ErrorKindOf(r) == "interrupted");
        Assert.Equal(run.Records.Count, run.Records.Select(r => r.GetProperty("url").GetString()).Distinct().Count());
        // the jobs agents held when the crawl stopped are acknowledged as they finish: then none is left
        await AssertQueueEmptyAsync(rig, TimeSpan.FromSeconds(15));
    }

    [Fact(Timeout = 180_000)]
    public async Task ARobotsTxtCrawlDelaySpacesTheRequestsOfAllAgentsTogether()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        await rig.StartAgentAsync(workers: 1, concurrency: 4);
        await rig.StartAgentAsync(workers: 1, concurrency: 4);
        var starts = new ConcurrentQueue<(string Path, long At)>();
        await using WebApplication slow = await LoopbackServer.StartAsync(k => k.Listen(IPAddress.Loopback, 0), app =>
        {
            app.Use(async (context, next) =>
            {
                starts.Enqueue((context.Request.Path.Value ?? "", Stopwatch.GetTimestamp()));
                await next(context);
            });
            app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nCrawl-delay: 1\n", "text/plain"));
            app.MapGet("/index.html", () => Results.Content(string.Concat(Enumerable.Range(1, 5).Select(n => $"<a href=\"p{n}.html\">{n}</a>\n")), "text/html"));
            app.MapGet("/p{n}.html", (string n) => Results.Content($"<title>{n}</title>", "text/html"));
        });

        string start = slow.Urls.First() + "/index.html";
        // first a crawl without robots.txt, so that each agent's worker has parsed a page: a cold one starts its first late
        CliRun warm = await rig.Collector.RunAsync(["crawl", start, "--queue", rig.Server.Url, "-q", "--ignore-robots"], timeout: CrawlBound);
        Assert.True(warm.ExitCode == 0, $"exit {warm.ExitCode}: {warm.Stderr}");
        starts.Clear();

        CliRun run = await rig.Collector.RunAsync(["crawl", start, "--queue", rig.Server.Url, "-q"], timeout: CrawlBound);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal(6, run.Records.Count);
        // the five pages are found together, on the start page: without the delay they would all start at once
        long[] pages = [.. starts.Where(s => s.Path.StartsWith("/p", StringComparison.Ordinal)).Select(s => s.At).Order()];
        double[] gaps = [.. pages.Zip(pages.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalSeconds)];
        rig.Log($"gaps between the page requests: {string.Join(", ", gaps.Select(g => $"{g:F2} s"))}");
        Assert.Equal(4, gaps.Length);
        // the collector publishes them a second apart; on a loaded machine an agent may pick one up most of a second
        // late, bringing it closer to the next (seen: 1.35, 1.51, 0.16, 1.00 s): over the four gaps the delay holds, less one such lag
        Assert.True(gaps.Sum() >= 2.5, $"the five pages were requested {string.Join(", ", gaps.Select(g => $"{g:F2}"))} s apart under a Crawl-delay of 1 s");
    }

    private string[] CrawlArguments(QueueRig rig, params string[] options) =>
        ["crawl", site.Url("site/index.html"), "--queue", rig.Server.Url, "--timeout", "3s", "--retries", "0", "-q", .. options];

    /// <summary>What <c>queue status</c> says, within <paramref name="within"/>: no job, no record and no run left.</summary>
    internal static async Task AssertQueueEmptyAsync(QueueRig rig, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            CliRun status = await rig.Collector.RunAsync(["queue", "status", "--queue", rig.Server.Url, "--json"], timeout: TimeSpan.FromSeconds(30));
            Assert.True(status.ExitCode == 0, $"queue status: exit {status.ExitCode}: {status.Stderr}");
            JsonElement state = Assert.Single(status.Records);
            (long jobs, long records, int runs) = (state.GetProperty("jobs").GetProperty("queued").GetInt64(), state.GetProperty("record_messages_waiting").GetInt64(),
                state.GetProperty("runs").GetArrayLength());
            if ((jobs, records, runs) == (0, 0, 0))
            {
                return;
            }
            Assert.True(watch.Elapsed < within, $"left in the queue: {jobs} jobs, {records} records, {runs} runs: {string.Join(" ", status.StdoutLines)}");
            await Task.Delay(250);
        }
    }
}
