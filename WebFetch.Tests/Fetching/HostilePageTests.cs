using System.Diagnostics;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>Pages built to hurt: the real parser must neither crash nor hold the worker long.</summary>
public sealed class HostilePageTests(FetchSite site) : IClassFixture<FetchSite>, IDisposable
{
    private static readonly Uri Address = new("http://example.test/");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _timeout.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task TwoHundredThousandNestedElementsStopAtTheParseLimit()
    {
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<ParseTimeoutException>(() => ExtractAsync(HostilePages.Utf8(HostilePages.Nested(200_000))));

        Assert.InRange(watch.Elapsed, Timings.MaxParseTime - TimeSpan.FromMilliseconds(100), Timings.MaxParseTime + TimeSpan.FromSeconds(3));
    }

    [Fact(Timeout = 30_000)]
    public async Task DeepTreeThatParsesInTimeIsWalkedWithoutOverflow()
    {
        string html = HostilePages.Nested(3_000) + "<a href=\"/deep\">deep</a>";
        SelectorSpec body = new("body", "body", null);

        PageSummary page = await Task.Run(() => HtmlExtractor.Extract(HostilePages.Utf8(html), "text/html; charset=utf-8", Address, [body], links: true, _timeout.Token));

        Assert.Equal("deep", page.Title);
        Assert.Equal(["bottomdeep"], page.Select!["body"]);
        Assert.Equal(["http://example.test/deep"], page.LinkUrls);
    }

    [Fact(Timeout = 30_000)]
    public async Task FiveMegabyteTitleIsCutQuickly()
    {
        var watch = Stopwatch.StartNew();

        PageSummary page = await ExtractAsync(HostilePages.Utf8(HostilePages.HugeTitle(5 << 20)));

        Assert.Equal(new string('t', HtmlExtractor.MaxTextChars) + "…", page.Title);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact(Timeout = 10_000)]
    public async Task NulBytesBecomeReplacementCharacters()
    {
        PageSummary page = await ExtractAsync(HostilePages.WithNulBytes());

        Assert.Equal("a\uFFFDb", page.Title);
        Assert.Equal(1, page.Links);
    }

    [Fact(Timeout = 10_000)]
    public async Task EmptyBodyGivesAnEmptySummary()
    {
        PageSummary page = await ExtractAsync([]);

        // An empty page is all ASCII: windows-1252, as a browser names it.
        Assert.Equal(new PageSummary(null, null, null, null, 0) { Charset = "windows-1252" }, page);
    }

    [Fact(Timeout = 30_000)]
    public async Task BinaryBytesLabelledHtmlParseWithoutFailing()
    {
        PageSummary page = await ExtractAsync(HostilePages.RandomBytes(1 << 20));

        Assert.True(page.Links >= 0);
    }

    [Fact(Timeout = 30_000)]
    public async Task NestedPageFromAServerIsATimeoutWithItsStatusAndIsNotRetried()
    {
        using var fetcher = new PageFetcher(new FetchOptions());
        var watch = Stopwatch.StartNew();

        FetchResult result = await fetcher.FetchAsync(new Uri(site.Url("hostile/nested")), _timeout.Token);

        Assert.Equal(ErrorKind.Timeout, result.Error?.Kind);
        Assert.Contains("parsing", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(200, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.True(watch.Elapsed < Timings.MaxParseTime + TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("hostile/title")]
    [InlineData("hostile/nul")]
    [InlineData("hostile/empty")]
    [InlineData("hostile/binary")]
    public async Task OtherHostilePagesFromAServerAreOrdinaryResponses(string path)
    {
        using var fetcher = new PageFetcher(new FetchOptions());

        FetchResult result = await fetcher.FetchAsync(new Uri(site.Url(path)), _timeout.Token);

        Assert.Null(result.Error);
        Assert.Equal(200, result.Status);
    }

    private Task<PageSummary> ExtractAsync(byte[] body) => Task.Run(() => HtmlExtractor.Extract(body, "text/html", Address, _timeout.Token));
}
