using System.Text;
using WebFetch.Fetching;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>A crawl page's links to the URLs the crawl is done with, left out where the page is parsed (<see cref="DoneUrlTable"/>).</summary>
public sealed class DoneLinksTests : IDisposable
{
    private const string Page = "https://example.test/dir/page.html";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));
    private readonly DoneUrlTable _done = DoneUrlTable.Create(out string? problem) ?? throw new InvalidOperationException(problem);

    public void Dispose()
    {
        _done.Dispose();
        _timeout.Dispose();
    }

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

        PageSummary all = await ExtractAsync(Html, done: null);
        PageSummary sent = await ExtractAsync(Html, _done);

        Assert.Equal(7, all.FoundLinks!.Sum(link => link.Occurrences));
        Assert.Equal(
            ["https://example.test/dir/other.html", "https://example.test/dir/done.html#intro", "https://example.test/logo.png?v=2"],
            sent.FoundLinks!.Select(link => link.Url));
        Assert.Equal([2, 3, 6], sent.FoundLinks!.Select(link => link.Line));
    }

    [Fact(Timeout = 30_000)]
    public async Task WithoutATableEveryLinkIsSent()
    {
        PageSummary sent = await ExtractAsync("<a href=done.html>d</a><a href=done.html>d</a>", done: null);

        FoundLink link = Assert.Single(sent.FoundLinks!);
        Assert.Equal(("https://example.test/dir/done.html", 2), (link.Url, link.Occurrences));
    }

    private Task<PageSummary> ExtractAsync(string html, DoneUrlTable? done) =>
        Task.Run(() => HtmlExtractor.Extract(
            Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", new Uri(Page), [], links: false, crawl: true, countLinksOnly: false, ownUrl: null, done,
            releaseBody: null, _timeout.Token));
}
