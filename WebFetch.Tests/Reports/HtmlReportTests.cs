using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using WebFetch.Reports;
using Xunit;
using Xunit.Abstractions;
using static WebFetch.Tests.Reports.ReportSamples;

namespace WebFetch.Tests.Reports;

public sealed class HtmlReportTests(ITestOutputHelper output)
{
    [Fact]
    public void BrokenTargetsAreGroupedTheMostLinkedFirstWithARowPerReferrer()
    {
        IHtmlDocument document = Parse(SampleCrawl());

        IElement broken = document.GetElementById("broken")!;
        Assert.Equal("Broken links (8 URLs, 34 links)", broken.QuerySelector("h2")!.TextContent);
        IElement[] groups = [.. broken.QuerySelectorAll("tbody")];
        Assert.Equal(8, groups.Length);
        Assert.Equal(
            [$"{Site}/img/logo.png", $"{Site}/missing.html", $"{Site}/crash"],
            groups.Take(3).Select(g => g.QuerySelector("tr.target .url")!.TextContent));
        IElement missing = groups[1];
        Assert.Equal("404 Not Found", missing.QuerySelector(".badge")!.TextContent);
        Assert.Equal(
            [["/", "12:5", "Missing page"], ["/guide.html", "40:9", "here"], ["/about.html", "7:3", ""]],
            missing.QuerySelectorAll("tr:not(.target)").Select(row => row.QuerySelectorAll("td").Select(td => td.TextContent)));
        Assert.Equal($"{Site}/guide.html", missing.QuerySelectorAll("td.page a")[1].GetAttribute("href"));
        Assert.Equal("\u2026 15 more links not listed", groups[0].QuerySelector("tr.more")!.TextContent);
    }

    [Fact]
    public void RedirectsWorthUpdatingAndTheSummaryFollowWithTheirCounts()
    {
        IHtmlDocument document = Parse(SampleCrawl());

        IElement redirects = document.GetElementById("redirects")!;
        Assert.Equal("Redirects worth updating (2 URLs, 3 links)", redirects.QuerySelector("h2")!.TextContent);
        IElement old = redirects.QuerySelectorAll("tbody")[1];
        Assert.Equal("301 Moved Permanently", old.QuerySelector(".badge")!.TextContent);
        Assert.Equal([$"{Site}/old.html", $"{Site}/new.html"], old.QuerySelectorAll(".url").Select(a => a.GetAttribute("href")));
        Assert.Equal(["/", "8:3", "old page"], old.QuerySelectorAll("td").Select(td => td.TextContent));
        string[] sections = [.. document.QuerySelectorAll("main > section").Select(s => s.Id!)];
        Assert.Equal(["broken", "redirects", "summary"], sections);
        Assert.Equal(
            ["URLs checked 14", "Pages 5", "Broken 8", "Redirected 4", "Elapsed 2.3 s", $"Started from {Site}/"],
            document.QuerySelectorAll("#summary dt").Select(dt => dt.TextContent + " " + dt.NextElementSibling!.TextContent));
    }

    [Fact]
    public void ACrawlWithNothingBrokenSaysSoInEachSection()
    {
        IHtmlDocument document = Parse([Ok(Site + "/")]);

        Assert.Equal("Broken links (0 URLs, 0 links)", document.QuerySelector("#broken h2")!.TextContent);
        Assert.Equal("No broken links.", document.QuerySelector("#broken p")!.TextContent);
        Assert.Equal("No link leads to a permanent redirect.", document.QuerySelector("#redirects p")!.TextContent);
        Assert.Empty(document.QuerySelectorAll("table"));
        Assert.Equal("Link check: no broken links \u2014 " + Site + "/", document.Title);
    }

    [Fact]
    public void TheReportIsOneFileWithNothingToLoad()
    {
        IHtmlDocument document = Parse(SampleCrawl());

        Assert.Equal("utf-8", document.QuerySelector("meta[charset]")!.GetAttribute("charset"));
        Assert.Empty(document.QuerySelectorAll("[src], link, img, iframe, object, embed, base, form"));
        Assert.Single(document.QuerySelectorAll("style"));
        Assert.Equal(HtmlReportAssets.Script, Assert.Single(document.Scripts).Text);
        Assert.All(document.QuerySelectorAll("a[href^='#']"), a => Assert.NotNull(document.GetElementById(a.GetAttribute("href")![1..])));
    }

    [Fact]
    public void ThePolicyAllowsTheInlineStyleAndScriptByTheirHashesAndNothingElse()
    {
        IHtmlDocument document = Parse(SampleCrawl());

        string policy = document.QuerySelector("meta[http-equiv='Content-Security-Policy']")!.GetAttribute("content")!;
        Assert.StartsWith("default-src 'none';", policy, StringComparison.Ordinal);
        Assert.Contains($"style-src '{Sha256(document.QuerySelector("style")!.TextContent)}';", policy, StringComparison.Ordinal);
        Assert.Contains($"script-src '{Sha256(document.Scripts[0].Text)}';", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileUrlsAndTextsAreShownAsTextAndNeverBecomeMarkupScriptOrLinks()
    {
        string[] hostile = HostileTexts;
        IReadOnlyList<ReportEntry> entries = Hostile();

        IHtmlDocument document = Parse(entries, new ReportSummary(1, 1, 1, 1, TimeSpan.Zero, hostile));

        OwnMarkup.AssertNothingElseIn(document);
        Assert.Contains(document.QuerySelectorAll("a"), a => a.GetAttribute("href") == hostile[4]);
        Assert.Contains(document.QuerySelectorAll("a"), a => a.GetAttribute("href") == hostile[5]);
        string shown = document.Body!.TextContent;
        Assert.All(hostile, text => Assert.Contains(text, shown, StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task AReportOfTenThousandBrokenTargetsAmongAHundredThousandUrlsIsWrittenAsItGoesInBoundedTime()
    {
        await Task.Yield();
        ReportReferrer[] referrers = [.. Enumerable.Range(1, 10).Select(i => From($"/section/page-{i}.html", 100 + i, 7, $"link number {i} & <more>"))];
        List<ReportEntry> entries = new(100_000);
        for (int i = 0; i < 100_000; i++)
        {
            string url = $"{Site}/docs/area-{i % 97}/page-{i}.html";
            entries.Add(i % 10 == 0 ? Status(url, 404, "page", referrers) with { ReferrersTotal = 10 + i % 50 } : Ok(url));
        }

        var sink = new CountingStream();
        var clock = Stopwatch.StartNew();
        HtmlReport.Write(sink, entries, SummaryOf(entries));
        clock.Stop();
        output.WriteLine($"{sink.Bytes:N0} bytes in {clock.Elapsed.TotalMilliseconds:N0} ms, the largest write {sink.LargestWrite:N0} bytes");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the report took {clock.Elapsed}");
        Assert.InRange(sink.Bytes, 20L << 20, 200L << 20);
        Assert.InRange(sink.LargestWrite, 1, 256 << 10);
    }

    private static IHtmlDocument Parse(IReadOnlyList<ReportEntry> entries) => Parse(entries, SummaryOf(entries));

    private static IHtmlDocument Parse(IReadOnlyList<ReportEntry> entries, ReportSummary summary)
    {
        var html = new MemoryStream();
        HtmlReport.Write(html, entries, summary);
        return new HtmlParser().ParseDocument(Encoding.UTF8.GetString(html.ToArray()));
    }

    private static string Sha256(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A stream that keeps nothing: it counts the bytes and remembers the largest single write.</summary>
    private sealed class CountingStream : Stream
    {
        public long Bytes { get; private set; }

        public int LargestWrite { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Bytes;

        public override long Position { get => Bytes; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Bytes += buffer.Length;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
