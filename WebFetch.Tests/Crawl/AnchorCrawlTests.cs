using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Crawl;

/// <summary>The anchor check of <c>webfetch crawl</c> through the real CLI and workers: pages that moved behind a meta refresh, a refresh loop, rustdoc line ranges and <c>--ignore-anchor</c>.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class AnchorCrawlTests(AnchorSite site) : IClassFixture<AnchorSite>, IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private Task<CliRun> CrawlAsync(params string[] options) =>
        _cli.RunAsync(["crawl", site.Url("docs/index.html"), "-w", "2", "--timeout", "10s", "--retries", "0", .. options], timeout: TimeSpan.FromSeconds(60));

    private static List<string?> MissingAnchors(CliRun run) =>
        [.. run.Records.Where(r => CrawlTesting.ErrorKindOf(r) == "missing_anchor").Select(r => r.GetProperty("url").GetString()).Order(StringComparer.Ordinal)];

    [Fact(Timeout = 90_000)]
    public async Task AnAnchorIsLookedForWhereAMetaRefreshLeadsAndReportedOnlyWhenThatPageLacksIt()
    {
        CliRun run = await CrawlAsync();

        Assert.Equal(
            [
                site.Url("docs/loop-a.html#x"), site.Url("docs/moved.html#gone"), site.Url("docs/src/lib.rs.html#21"),
                site.Url("docs/src/lib.rs.html#900-950"), site.Url("docs/src/lib.rs.html#no-such-item"),
            ],
            MissingAnchors(run));
        JsonElement gone = run.RecordFor(site.Url("docs/moved.html#gone"));
        Assert.StartsWith(site.Url("docs/new/guide.html") + " has no element with id or name \"gone\"", gone.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        JsonElement referrer = Assert.Single(gone.GetProperty("referrers").EnumerateArray());
        Assert.Equal((site.Url("docs/index.html"), 4, "a@href"),
            (referrer.GetProperty("url").GetString(), referrer.GetProperty("line").GetInt32(), referrer.GetProperty("tag").GetString()));
        Assert.Equal(1, run.ExitCode);
    }

    [Fact(Timeout = 90_000)]
    public async Task APagesLinksToItsOwnAnchorsAreCheckedThoseItLacksReportedWithTheirLine()
    {
        CliRun run = await CrawlAsync();

        // lib.rs.html links to its lines 1 to 21 and has elements for 1 to 20 only
        JsonElement missing = run.RecordFor(site.Url("docs/src/lib.rs.html#21"));
        JsonElement referrer = Assert.Single(missing.GetProperty("referrers").EnumerateArray());
        Assert.Equal((site.Url("docs/src/lib.rs.html"), 23, "a@href", "21"),
            (referrer.GetProperty("url").GetString(), referrer.GetProperty("line").GetInt32(), referrer.GetProperty("tag").GetString(), referrer.GetProperty("text").GetString()));
        Assert.DoesNotContain(run.Records, r => r.GetProperty("url").GetString()!.StartsWith(site.Url("docs/src/lib.rs.html#1"), StringComparison.Ordinal));
    }

    [Fact(Timeout = 90_000)]
    public async Task ARefreshLoopEndsTheCheckWithOneMissingAnchorAndTheCrawlEnds()
    {
        CliRun run = await CrawlAsync();

        JsonElement loop = run.RecordFor(site.Url("docs/loop-a.html#x"));
        Assert.Contains("the refreshes go on past that", loop.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, run.RecordFor(site.Url("docs/loop-b.html")).GetProperty("status").GetInt32());
    }

    [Fact(Timeout = 90_000)]
    public async Task IgnoreAnchorPassesOverLineLinksAndCountsThemWhileARealMissingAnchorIsStillReported()
    {
        CliRun run = await CrawlAsync("--ignore-anchor", "^[0-9]+(-[0-9]+)?$");

        Assert.Equal([site.Url("docs/loop-a.html#x"), site.Url("docs/moved.html#gone"), site.Url("docs/src/lib.rs.html#no-such-item")], MissingAnchors(run));
        // the two line ranges index.html links to, and the 21 links of lib.rs.html to its own lines
        Assert.Matches(@"(^|\D)23 fragment links matched --ignore-anchor and were not checked", run.Stderr);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact(Timeout = 90_000)]
    public async Task AnIgnoreAnchorPatternTheCrawlCannotRunIsRefusedBeforeAnyFetch()
    {
        CliRun run = await CrawlAsync("--ignore-anchor", "(a)\\1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--ignore-anchor '(a)\\1' is not a pattern webfetch can use", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Records);
    }
}
