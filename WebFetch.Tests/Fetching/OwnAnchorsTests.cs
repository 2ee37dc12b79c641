using System.Text;
using WebFetch.Fetching;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>A crawl's links from a page to its own anchors, checked where the page is parsed and left out (<see cref="FetchOptions.CheckOwnAnchors"/>).</summary>
public sealed class OwnAnchorsTests : IDisposable
{
    private const string Page = "https://example.test/dir/page.html";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public void Dispose() => _timeout.Dispose();

    private static readonly HashSet<string> Anchors = ["intro", "a b", "été", "10", "20", "x%41"];

    private static bool Has(string href) => new OwnAnchors(Page, Page, Anchors.Contains).Has(href);

    [Theory]
    [InlineData(Page + "#intro")]
    [InlineData(Page + "#a%20b")] // percent-decoded, as a browser looks for it
    [InlineData(Page + "#%C3%A9t%C3%A9")]
    [InlineData(Page + "#x%41")] // as written
    [InlineData(Page + "#10-20")] // a rustdoc line range: its first and last line are there
    [InlineData(Page + "#")]
    [InlineData(Page + "#top")]
    [InlineData(Page + "#TOP")]
    public void ALinkToAnAnchorThePageHasIsItsOwn(string href) => Assert.True(Has(href));

    [Theory]
    [InlineData(Page + "#missing")]
    [InlineData(Page + "#Intro")] // ids are case-sensitive
    [InlineData(Page + "#10-30")]
    [InlineData(Page)] // no fragment: a link to the page, not to an anchor
    [InlineData("https://example.test/dir/other.html#intro")] // another page's anchor of the same name
    [InlineData("https://example.test/dir/page.html?q#intro")]
    [InlineData("https://example.test/dir/page.htmlx#intro")]
    [InlineData("http://example.test/dir/page.html#intro")]
    [InlineData(Page + "#intro\"")] // a fragment the URL parser would encode is left to the crawl, which reads it parsed
    [InlineData(Page + "#a b")]
    public void AnyOtherLinkIsLeftToTheCrawl(string href) => Assert.False(Has(href));

    [Theory]
    [InlineData("#intro", Page, true)]
    [InlineData("#a%20b", Page, true)]
    [InlineData("#10-20", Page, true)]
    [InlineData("#", Page, true)]
    [InlineData("#top", Page, true)]
    [InlineData("#missing", Page, false)]
    [InlineData("#intro", "https://example.test/other/", false)] // a base elsewhere: the link is not the page's own
    [InlineData("#intro ", Page, false)] // what the parser strips or encodes is left to the resolution
    [InlineData("#a b", Page, false)]
    [InlineData(" #intro", Page, false)]
    [InlineData("page.html#intro", Page, false)] // not a fragment alone: resolved first, then asked with Has
    public void AFragmentAloneIsKnownAsOwnWithoutBeingResolvedWhenTheBaseIsThePage(string value, string baseHref, bool own) =>
        Assert.Equal(own, new OwnAnchors(Page, baseHref, Anchors.Contains).HasWritten(value));

    [Fact(Timeout = 30_000)]
    public async Task APageLinksToItsOwnAnchorsAreLeftOutAndEveryOtherLinkStays()
    {
        string html = """
            <h1 id=intro>Intro</h1><a name=named></a>
            <a href="#intro">1</a><a href="page.html#intro">2</a><a href="#named">3</a><a href="#">4</a><a href="#top">5</a>
            <a href="#missing">6</a><a href="other.html#intro">7</a><a href="page.html">8</a><img src="#intro">
            <a href="#intro">1 again</a><a href="#missing">6 again</a>
            """;

        PageSummary own = await ExtractAsync(html, ownUrl: Page);
        PageSummary all = await ExtractAsync(html, ownUrl: null);

        Assert.Equal(
            [(Page + "#missing", "a@href", (int?)2), ("https://example.test/dir/other.html#intro", "a@href", null), (Page, "a@href", null)],
            own.FoundLinks!.Select(link => (link.Url, link.Tag, link.Count)));
        Assert.Equal(8, all.FoundLinks!.Count); // without the option: each URL once (repeats counted), the img's src apart
        Assert.Contains(all.FoundLinks!, link => link.Url == Page + "#intro" && link.Tag == "img@src");
        Assert.Equal(["intro", "named"], own.Anchors!);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnImageWhoseSourceIsTheOwnAnchorIsLeftOutToo()
    {
        PageSummary own = await ExtractAsync("<p id=x><img src=#x>", ownUrl: Page);

        Assert.Empty(own.FoundLinks!);
    }

    [Fact(Timeout = 30_000)]
    public async Task WithABaseElsewhereAFragmentOnlyLinkIsNotTheOwnPagesAndStays()
    {
        PageSummary own = await ExtractAsync("<base href=\"https://example.test/other/\"><h1 id=intro>I</h1><a href=\"#intro\">i</a>", ownUrl: Page);

        Assert.Equal(["https://example.test/other/#intro"], own.FoundLinks!.Select(link => link.Url));
    }

    [Fact(Timeout = 30_000)]
    public async Task APageAskedForAtOneURLAndReadAtAnotherKeepsItsFragmentLinks()
    {
        // after a redirect the page is read at its final URL: its own links resolve there, not to the URL the crawl asked for
        PageSummary own = await ExtractAsync("<h1 id=intro>I</h1><a href=\"#intro\">i</a>", ownUrl: "https://example.test/old/page.html");

        Assert.Equal([Page + "#intro"], own.FoundLinks!.Select(link => link.Url));
    }

    private Task<PageSummary> ExtractAsync(string html, string? ownUrl) =>
        Task.Run(() => HtmlExtractor.Extract(
            Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", new Uri(Page), [], links: false, crawl: true, countLinksOnly: false, ownUrl, leftOut: null, releaseBody: null, _timeout.Token));
}
