using System.Text;
using WebFetch.Fetching;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The links a crawl page's worker leaves out because the crawl would pass them over (<see cref="LinksLeftOut"/>).</summary>
public sealed class LinksLeftOutTests : IDisposable
{
    private const string Page = "https://example.test/dir/page.html";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));
    private readonly DoneUrlTable _done = DoneUrlTable.Create(out string? problem) ?? throw new InvalidOperationException(problem);

    public void Dispose()
    {
        _done.Dispose();
        _timeout.Dispose();
    }

    private static readonly FetchOptions CrawlPage = new() { Crawl = true };

    [Fact(Timeout = 30_000)]
    public async Task LinksToDoneUrlsAreLeftOutWithTheirRepeatsAndEveryOtherLinkIsSent()
    {
        _done.Add("https://example.test/dir/done.html");
        _done.Add("https://example.test/logo.png");
        const string Html = """
            <a href="done.html">done</a>
            <a href="other.html">other</a>
            <a href="done.html#intro">done, an anchor</a>
            <a href="./done.html">done again</a>
            <img src="/logo.png" alt="logo">
            <img src="/logo.png?v=2" alt="logo">
            <a href="https://example.test/dir/done.html">done, absolute</a>
            """;

        PageSummary all = await ExtractAsync(Html, leftOut: null);
        PageSummary sent = await ExtractAsync(Html, LinksLeftOut.For(CrawlPage, _done));

        Assert.Equal(7, all.FoundLinks!.Sum(link => link.Occurrences));
        Assert.Equal(
            ["https://example.test/dir/other.html", "https://example.test/dir/done.html#intro", "https://example.test/logo.png?v=2"],
            sent.FoundLinks!.Select(link => link.Url));
        Assert.Equal([2, 3, 6], sent.FoundLinks!.Select(link => link.Line));
    }

    [Fact(Timeout = 30_000)]
    public async Task WithTheScopesHostsALinkWrittenSurelyOutsideIsLeftOutAndEveryOtherIsSent()
    {
        FetchOptions noExternal = CrawlPage with { ScopeHosts = ["example.test"] };
        const string Html = """
            <a href="https://play.rust-lang.org/?code=fn%20main()%7B%7D">run</a>
            <a href="https://example.test/a.html">a</a>
            <a href="b.html">b</a>
            <a href="HTTPS://Other.test/c">c</a>
            <a href=" https://other.test/d">d</a>
            <img src="http://cdn.other.test/e.png" alt="e">
            <a href="https://sub.example.test/f">f</a>
            """;

        PageSummary sent = await ExtractAsync(Html, LinksLeftOut.For(noExternal, done: null));
        PageSummary withDomain = await ExtractAsync(Html, LinksLeftOut.For(noExternal with { ScopeDomains = true }, done: null));

        // what cannot be read from the text for sure (upper case, a leading space) is resolved and sent: the crawl decides
        Assert.Equal(
            ["https://example.test/a.html", "https://example.test/dir/b.html", "https://other.test/c", "https://other.test/d"],
            sent.FoundLinks!.Select(link => link.Url));
        Assert.Equal(
            ["https://example.test/a.html", "https://example.test/dir/b.html", "https://other.test/c", "https://other.test/d", "https://sub.example.test/f"],
            withDomain.FoundLinks!.Select(link => link.Url));
    }

    [Fact(Timeout = 30_000)]
    public async Task AMetaRefreshIsSentWhereverItLeads()
    {
        _done.Add("https://example.test/dir/done.html");
        FetchOptions noExternal = CrawlPage with { ScopeHosts = ["example.test"] };

        PageSummary toDone = await ExtractAsync("<meta http-equiv=refresh content=\"0; url=done.html\"><a href=done.html>d</a>", LinksLeftOut.For(noExternal, _done));
        PageSummary away = await ExtractAsync("<meta http-equiv=refresh content=\"0; url=https://other.test/\"><a href=https://other.test/>o</a>", LinksLeftOut.For(noExternal, _done));

        // the crawl looks for the page's missing anchors where it leads
        Assert.Equal([("https://example.test/dir/done.html", "meta@refresh")], toDone.FoundLinks!.Select(link => (link.Url, link.Tag)));
        Assert.Equal([("https://other.test/", "meta@refresh")], away.FoundLinks!.Select(link => (link.Url, link.Tag)));
    }

    [Fact]
    public void OnlyACrawlPageWhoseLinksAreFollowedLeavesAnyOut()
    {
        FetchOptions noExternal = CrawlPage with { ScopeHosts = ["example.test"] };

        Assert.Null(LinksLeftOut.For(new FetchOptions(), _done));
        Assert.Null(LinksLeftOut.For(noExternal with { CountLinksOnly = true }, _done)); // a page at --depth: every link counts
        Assert.Null(LinksLeftOut.For(CrawlPage, done: null));
        Assert.NotNull(LinksLeftOut.For(noExternal, done: null));
        Assert.NotNull(LinksLeftOut.For(CrawlPage, _done));
    }

    [Fact(Timeout = 30_000)]
    public async Task WithNothingToLeaveOutEveryLinkIsSent()
    {
        PageSummary sent = await ExtractAsync("<a href=done.html>d</a><a href=done.html>d</a>", leftOut: null);

        FoundLink link = Assert.Single(sent.FoundLinks!);
        Assert.Equal(("https://example.test/dir/done.html", 2), (link.Url, link.Occurrences));
    }

    private Task<PageSummary> ExtractAsync(string html, LinksLeftOut? leftOut) =>
        Task.Run(() => HtmlExtractor.Extract(
            Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", new Uri(Page), [], links: false, crawl: true, countLinksOnly: false, ownUrl: null, leftOut,
            releaseBody: null, _timeout.Token));
}
