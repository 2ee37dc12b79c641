using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Crawl;

/// <summary><c>webfetch crawl --resume</c> through the real CLI and real workers: a crawl stopped by SIGINT midway, then resumed.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class CrawlResumeCommandTests(SlowCrawlSite site) : IClassFixture<SlowCrawlSite>, IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string[] Crawl(string start, params string[] options) =>
        ["crawl", start, "-w", "1", "--per-host", "2", "--timeout", "10s", "--retries", "0", .. options];

    private static List<JsonElement> Records(string file) => CrawlTesting.RecordsOf(file);

    private static string Url(JsonElement record) => record.GetProperty("url").GetString()!;

    private static string? ErrorKind(JsonElement record) => CrawlTesting.ErrorKindOf(record);

    private static string[] Referrers(JsonElement record) => CrawlTesting.Referrers(record);

    private static List<string> Summaries(IEnumerable<JsonElement> records) => CrawlTesting.Summaries(records);

    [Fact(Timeout = 300_000)]
    public async Task ACrawlStoppedBySigintResumesWithoutFetchingAgainWhatItHasAndEndsAsOneCrawlWould()
    {
        string straightFile = Path.Combine(_cli.TempDirectory, "straight.jsonl");
        CliRun straight = await _cli.RunAsync(Crawl(site.Start, "-o", straightFile), timeout: TimeSpan.FromSeconds(120));
        Assert.Equal(1, straight.ExitCode);
        List<JsonElement> expected = Records(straightFile);
        IReadOnlyDictionary<string, int> once = site.Requests;

        string file = Path.Combine(_cli.TempDirectory, "crawl.jsonl");
        await using (var first = new RunningCli(_cli, Crawl(site.Start, "--resume", file)))
        {
            Assert.True(await CliRunner.EventuallyAsync(() => File.Exists(file) && Records(file).Count >= 4, TimeSpan.FromSeconds(90)), "no records came");
            first.Signal(Signum.SIGINT);
            CliRun stopped = await first.WaitAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(130, stopped.ExitCode);
        }
        List<JsonElement> part = Records(file);
        Assert.InRange(part.Where(r => ErrorKind(r) is null).Select(Url).Distinct().Count(), 4, expected.Count(r => ErrorKind(r) is null) - 1);
        // as if killed while writing: a record and a links line cut short
        File.AppendAllText(file, $"{{\"url\":\"{site.Url("book/section1.html")}\",\"final_u");
        File.AppendAllText(file + ".links", $"{{\"url\":\"{site.Url("book/section1.html")}\",\"found");

        CliRun resumed = await _cli.RunAsync(Crawl(site.Start, "--resume", file), timeout: TimeSpan.FromSeconds(120));

        Assert.Equal(1, resumed.ExitCode);
        Assert.Matches(@"[1-9]\d* URLs not fetched again: their records are in", resumed.Stderr);
        List<JsonElement> records = Records(file);
        Assert.Equal(records.Count, records.Select(Url).Distinct().Count());
        Assert.Equal(Summaries(expected), Summaries(records));
        IReadOnlyDictionary<string, int> twice = site.Requests;
        Assert.All(twice.Where(p => p.Key != "/robots.txt"), p => Assert.Equal((p.Key, 2 * once[p.Key]), (p.Key, p.Value)));
        foreach ((string url, string error, string[] referrers) in site.Defects)
        {
            JsonElement record = Assert.Single(records, r => Url(r) == url);
            Assert.Equal((url, error), (url, ErrorKind(record)));
            Assert.Equal(referrers.Order(StringComparer.Ordinal), Referrers(record).Select(r => r[..r.LastIndexOf(':')]));
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file + ".links"));
    }

    [Fact(Timeout = 60_000)]
    public async Task AResumeFileThatIsNotARegularFileIsRefusedWithExitTwo()
    {
        CliRun run = await _cli.RunAsync(Crawl(site.Start, "--resume", "/dev/null"), timeout: TimeSpan.FromSeconds(50));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("crawl --resume needs a regular file, and '/dev/null' is not one", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists("/dev/null.links"));
    }

    [Fact(Timeout = 120_000)]
    public async Task AResumeFileOfAnotherCrawlIsRefusedWithExitTwoAndLeftAsItIs()
    {
        string file = Path.Combine(_cli.TempDirectory, "crawl.jsonl");
        File.WriteAllText(file, $"{{\"url\":\"{site.Start}\",\"status\":200,\"error\":null}}\n");
        File.WriteAllText(file + ".links",
            $"{{\"webfetch_crawl\":{{\"starts\":[\"{site.Start}\"],\"sitemaps\":[],\"scope\":\"prefix\",\"include\":[],\"exclude\":[],\"depth\":null,\"max_urls\":null,"
            + "\"no_external\":false,\"check_anchors\":true,\"ignore_robots\":false}}\n");
        string before = File.ReadAllText(file) + File.ReadAllText(file + ".links");

        CliRun other = await _cli.RunAsync(Crawl(site.Url("book/chapter1.html"), "--resume", file), timeout: TimeSpan.FromSeconds(60));
        CliRun deeper = await _cli.RunAsync(Crawl(site.Start, "--depth", "1", "--resume", file), timeout: TimeSpan.FromSeconds(60));

        Assert.Equal((2, 2), (other.ExitCode, deeper.ExitCode));
        Assert.Contains($"is of another crawl: '{file}.links' says from {site.Start} (scope prefix, any depth), and this one is from {site.Url("book/chapter1.html")}",
            other.Stderr, StringComparison.Ordinal);
        Assert.Contains("this one is from", deeper.Stderr, StringComparison.Ordinal);
        Assert.Contains("depth 1", deeper.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(file) + File.ReadAllText(file + ".links"));
    }
}
