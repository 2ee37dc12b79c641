using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Tests.Crawl;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Queue;

/// <summary>
/// <c>webfetch crawl --queue --resume FILE</c> over a real nats-server and two agents, on the
/// planted-defect site: a collector killed, or stopped by SIGINT, mid-crawl and run again with the
/// same command ends with the records of one straight crawl in FILE, and leaves nothing in the queue.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class CrawlQueueResumeTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The site of this test alone: its request counts are this test's.</summary>
    private readonly CrawlSite _site = new();

    private static readonly TimeSpan CrawlBound = CrawlQueueTests.CrawlBound;

    [Fact(Timeout = 300_000)]
    public async Task ACollectorKilledMidCrawlReattachesToItsRunAndEndsAsOneCrawlWithoutFetchingAnythingTwice()
    {
        await using QueueRig rig = await StartAsync();
        (List<JsonElement> expected, Dictionary<string, int> once) = await StraightCrawlAsync(rig);
        Dictionary<string, int> before = Requests(once.Keys);
        string file = Path.Combine(rig.Collector.TempDirectory, "crawl.jsonl");

        await using (var first = new RunningCli(rig.Collector, Arguments(rig, "--resume", file, "--delay", "400ms")))
        {
            Assert.True(await CliRunner.EventuallyAsync(() => File.Exists(file) && CrawlTesting.RecordsOf(file).Count >= 3, CrawlBound), "3 records never came");
            first.Signal(Signum.SIGKILL);
            await first.WaitAsync(TimeSpan.FromSeconds(30));
        }
        rig.Log($"killed with {CrawlTesting.RecordsOf(file).Count} records in the file");
        CliRun resumed = await rig.Collector.RunAsync(Arguments(rig, "--resume", file, "--delay", "400ms"), timeout: CrawlBound);
        rig.Log($"resumed: exit {resumed.ExitCode}");

        Assert.True(resumed.ExitCode == 1, $"exit {resumed.ExitCode}: {resumed.Stderr}");
        Assert.Contains("re-attached to run", resumed.Stderr, StringComparison.Ordinal);
        AssertOneStraightCrawl(expected, CrawlTesting.RecordsOf(file));
        // every job of the killed collector ran once: its records were taken from the queue, its queued jobs not published again
        Dictionary<string, int> after = Requests(once.Keys);
        Assert.All(once, p => Assert.True(after[p.Key] - before[p.Key] <= p.Value,
            $"{p.Key}: requested {after[p.Key] - before[p.Key]} times by the crawl and its resume, {p.Value} by a straight crawl"));
        await CrawlQueueTests.AssertQueueEmptyAsync(rig, TimeSpan.FromSeconds(15));
    }

    [Fact(Timeout = 300_000)]
    public async Task ACrawlStoppedBySigintResumesOverTheQueueWithoutFetchingAgainWhatFileHas()
    {
        await using QueueRig rig = await StartAsync();
        (List<JsonElement> expected, _) = await StraightCrawlAsync(rig);
        string file = Path.Combine(rig.Collector.TempDirectory, "crawl.jsonl");

        await using (var first = new RunningCli(rig.Collector, Arguments(rig, "--resume", file, "--delay", "400ms", "--grace", "2s")))
        {
            Assert.True(await CliRunner.EventuallyAsync(() => File.Exists(file) && CrawlTesting.RecordsOf(file).Count >= 3, CrawlBound), "3 records never came");
            first.Signal(Signum.SIGINT);
            CliRun stopped = await first.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(stopped.ExitCode == 130, $"exit {stopped.ExitCode}: {stopped.Stderr}");
        }
        string[] fetched = [.. CrawlTesting.RecordsOf(file).Where(r => CrawlTesting.ErrorKindOf(r) is null).Select(r => PathOf(r.GetProperty("url").GetString()!)).OfType<string>()];
        rig.Log($"stopped with {fetched.Length} pages fetched");
        Dictionary<string, int> before = Requests(fetched);
        CliRun resumed = await rig.Collector.RunAsync(Arguments(rig, "--resume", file), timeout: CrawlBound);

        Assert.True(resumed.ExitCode == 1, $"exit {resumed.ExitCode}: {resumed.Stderr}");
        Assert.Matches(@"[1-9]\d* URLs not fetched again: their records are in", resumed.Stderr);
        AssertOneStraightCrawl(expected, CrawlTesting.RecordsOf(file));
        Assert.Equal(before, Requests(fetched));
        await CrawlQueueTests.AssertQueueEmptyAsync(rig, TimeSpan.FromSeconds(15));
    }

    public Task InitializeAsync() => _site.InitializeAsync();

    public Task DisposeAsync() => _site.DisposeAsync();

    private async Task<QueueRig> StartAsync()
    {
        QueueRig rig = QueueRig.OneServer(output);
        try
        {
            await rig.StartAgentAsync(workers: 1, concurrency: 4);
            await rig.StartAgentAsync(workers: 1, concurrency: 4);
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>The records of a crawl from start to end over the same queue, and the requests each of the site's paths it names got.</summary>
    private async Task<(List<JsonElement> Records, Dictionary<string, int> Requests)> StraightCrawlAsync(QueueRig rig)
    {
        string file = Path.Combine(rig.Collector.TempDirectory, "straight.jsonl");
        CliRun straight = await rig.Collector.RunAsync(Arguments(rig, "-o", file), timeout: CrawlBound);
        Assert.True(straight.ExitCode == 1, $"straight crawl: exit {straight.ExitCode}: {straight.Stderr}");
        List<JsonElement> records = CrawlTesting.RecordsOf(file);
        string[] paths = [.. records.Select(r => PathOf(r.GetProperty("url").GetString()!)).OfType<string>().Append("/robots.txt").Append("/site/loop2").Distinct()];
        return (records, Requests(paths));
    }

    /// <summary>One record per URL, every planted defect once with its referrer, and the URLs, errors, depths, kinds and referrers of the straight crawl.</summary>
    private void AssertOneStraightCrawl(List<JsonElement> expected, List<JsonElement> records)
    {
        CrawlTesting.AssertEveryDefectOnce(_site, records);
        Assert.Equal(CrawlTesting.Summaries(expected), CrawlTesting.Summaries(records));
    }

    private string[] Arguments(QueueRig rig, params string[] options) =>
        ["crawl", _site.Url("site/index.html"), "--queue", rig.Server.Url, "--timeout", "3s", "--retries", "0", .. options];

    private Dictionary<string, int> Requests(IEnumerable<string> paths) => paths.Distinct().ToDictionary(p => p, _site.Requests);

    /// <summary>The path of a URL of the site, or null for one elsewhere.</summary>
    private string? PathOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && uri.Authority == _site.BaseAddress.Authority ? uri.AbsolutePath : null;
}
