using System.Text.Json;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Crawl;

/// <summary><c>webfetch crawl</c> through the real CLI and real workers, over a loopback site with a defect of every kind planted.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class CrawlCommandTests(CrawlSite site) : IClassFixture<CrawlSite>, IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Short, so that the page that never answers (<c>/site/slow</c>) costs the test little; long enough for a loopback page on a busy machine.</summary>
    private const string FetchTimeout = "3s";

    private Task<CliRun> CrawlAsync(params string[] options) =>
        _cli.RunAsync(["crawl", site.Url("site/index.html"), "-w", "2", "--timeout", FetchTimeout, "--retries", "0", .. options], timeout: TimeSpan.FromSeconds(100));

    private static string? ErrorKind(JsonElement record) =>
        record.GetProperty("error").ValueKind == JsonValueKind.Null ? null : record.GetProperty("error").GetProperty("kind").GetString();

    [Fact(Timeout = 120_000)]
    public async Task EveryPlantedDefectIsFoundExactlyOnceWithItsReferrerLineAndKind()
    {
        CliRun run = await CrawlAsync();

        CrawlTesting.AssertEveryDefectOnce(site, run.Records);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact(Timeout = 120_000)]
    public async Task EveryLinkOfAPageOfFiveThousandIsFollowedAndNoneIsCapped()
    {
        CliRun run = await CrawlAsync();

        JsonElement targets = run.RecordFor(site.Url("site/targets.html"));
        Assert.Equal(CrawlSite.ManyLinks, targets.GetProperty("referrers_total").GetInt32());
        JsonElement many = run.RecordFor(site.Url("site/many.html"));
        Assert.False(many.TryGetProperty("links_truncated", out JsonElement truncated) && truncated.ValueKind == JsonValueKind.True);
    }

    [Fact(Timeout = 120_000)]
    public async Task RecordsCarryDepthKindAndScopeAndNotTheWireFields()
    {
        CliRun run = await CrawlAsync();

        JsonElement start = run.RecordFor(site.Url("site/index.html"));
        Assert.Equal((0, "page", false), (start.GetProperty("depth").GetInt32(), start.GetProperty("kind").GetString(), start.GetProperty("external").GetBoolean()));
        JsonElement page = run.RecordFor(site.Url("site/page.html"));
        Assert.Equal((1, 200), (page.GetProperty("depth").GetInt32(), page.GetProperty("status").GetInt32()));
        Assert.Equal(3, page.GetProperty("referrers_total").GetInt32()); // page.html, #present, #absent
        JsonElement outside = run.RecordFor(site.Url("outside.html"));
        Assert.True(outside.GetProperty("external").GetBoolean());
        Assert.Equal(200, outside.GetProperty("status").GetInt32());
        JsonElement image = run.RecordFor(site.Url("site/small.png"));
        Assert.Equal("image", image.GetProperty("kind").GetString());
        Assert.Equal(2, image.GetProperty("referrers_total").GetInt32()); // srcset and src
        Assert.All(run.Records, r =>
        {
            Assert.False(r.TryGetProperty("found_links", out _));
            Assert.False(r.TryGetProperty("anchors", out _));
            Assert.False(r.TryGetProperty("body", out _));
        });
        Assert.DoesNotContain(run.Records, r => r.GetProperty("url").GetString()!.Contains("robots.txt", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task NothingOutOfScopeIsFollowed()
    {
        CliRun run = await CrawlAsync();

        Assert.Equal(0, site.Requests("/outside-linked.html"));
        Assert.True(site.Requests("/outside.html") > 0);
        Assert.DoesNotContain(run.Records, r => r.GetProperty("url").GetString() == site.Url("outside-linked.html"));
    }

    [Fact(Timeout = 120_000)]
    public async Task NoExternalChecksNothingOutOfScope()
    {
        int before = site.Requests("/outside.html");
        CliRun run = await CrawlAsync("--no-external");

        Assert.Equal(before, site.Requests("/outside.html"));
        Assert.DoesNotContain(run.Records, r => r.GetProperty("external").GetBoolean());
    }

    [Fact(Timeout = 120_000)]
    public async Task RobotsTxtIsObeyedAndIgnoredOnRequest()
    {
        int secretBefore = site.Requests("/site/private/secret.html");
        CliRun obeyed = await CrawlAsync();
        Assert.Equal(secretBefore, site.Requests("/site/private/secret.html"));
        Assert.Equal("robots_disallowed", ErrorKind(obeyed.RecordFor(site.Url("site/private/secret.html"))));

        int robotsBefore = site.Requests("/robots.txt");
        CliRun ignored = await CrawlAsync("--ignore-robots");
        Assert.Equal(robotsBefore, site.Requests("/robots.txt"));
        Assert.Equal(200, ignored.RecordFor(site.Url("site/private/secret.html")).GetProperty("status").GetInt32());
    }

    [Fact(Timeout = 120_000)]
    public async Task WithoutAnchorChecksAMissingAnchorIsNoDefect()
    {
        CliRun run = await CrawlAsync("--no-check-anchors");

        Assert.DoesNotContain(run.Records, r => ErrorKind(r) == "missing_anchor");
    }

    [Fact(Timeout = 120_000)]
    public async Task TheDepthLimitStopsAtTheStartsOwnLinks()
    {
        CliRun run = await CrawlAsync("--depth", "1");

        Assert.Contains(run.Records, r => r.GetProperty("url").GetString() == site.Url("site/sub/"));
        Assert.DoesNotContain(run.Records, r => r.GetProperty("url").GetString() == site.Url("site/sub/rel-missing.html"));
        Assert.All(run.Records, r => Assert.True(r.GetProperty("depth").GetInt32() <= 1));
    }

    [Fact(Timeout = 120_000)]
    public async Task MaxUrlsStopsTheCrawlAndSaysSo()
    {
        CliRun run = await CrawlAsync("--max-urls", "3", "--no-check-anchors");

        Assert.True(run.Records.Count(r => ErrorKind(r) != "robots_disallowed") <= 3);
        Assert.Contains("--max-urls 3 reached", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task TheReportFileListsTheBrokenLinksWithTheirPages()
    {
        string text = Path.Combine(_cli.TempDirectory, "report.txt");
        string html = Path.Combine(_cli.TempDirectory, "report.html");
        await CrawlAsync("--report", text, "-q");
        await CrawlAsync("--report", html, "-q");

        string report = await File.ReadAllTextAsync(text);
        Assert.Contains(site.Url("site/missing.html"), report, StringComparison.Ordinal);
        Assert.Contains(site.Url("site/index.html") + ":7:", report, StringComparison.Ordinal);
        string page = await File.ReadAllTextAsync(html);
        Assert.StartsWith("<!doctype html>", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("missing-from-css.png", page, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task ASitemapSeedsTheCrawlWithPagesNoLinkReaches()
    {
        CliRun run = await CrawlAsync("--sitemap", site.Url("site/sitemap.xml"));

        JsonElement orphan = run.RecordFor(site.Url("site/orphan.html"));
        Assert.Equal((0, 200), (orphan.GetProperty("depth").GetInt32(), orphan.GetProperty("status").GetInt32()));
        JsonElement missing = run.RecordFor(site.Url("site/orphan-missing.html"));
        Assert.Equal("http_status", ErrorKind(missing));
        JsonElement referrer = Assert.Single(missing.GetProperty("referrers").EnumerateArray());
        Assert.Equal((site.Url("site/sitemap.xml"), 4, "sitemap@loc"),
            (referrer.GetProperty("url").GetString(), referrer.GetProperty("line").GetInt32(), referrer.GetProperty("tag").GetString()));
        Assert.Equal("sitemap", run.RecordFor(site.Url("site/sitemap.xml")).GetProperty("kind").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task APatternThatCannotRunAndAStartThatIsNotAUrlAreUsageErrors()
    {
        CliRun pattern = await _cli.RunAsync(["crawl", site.Url("site/index.html"), "--exclude", @"(a)\1"]);
        CliRun start = await _cli.RunAsync(["crawl", "ftp://127.0.0.1/"]);

        Assert.Equal((2, 2), (pattern.ExitCode, start.ExitCode));
        Assert.Contains("--exclude", pattern.Stderr, StringComparison.Ordinal);
        Assert.Contains("ftp", start.Stderr, StringComparison.Ordinal);
    }
}
