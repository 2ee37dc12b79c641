using WebFetch.Fetching;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary><c>--select</c> and <c>--links</c>: parsing the options and extracting from a real parse.</summary>
public sealed class SelectionTests : IDisposable
{
    private static readonly Uri Address = new("https://site.example.test/dir/page.html");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    public void Dispose() => _timeout.Dispose();

    [Fact(Timeout = 10_000)]
    public async Task SelectionTakesTheCollapsedTextOfEveryMatch()
    {
        PageSummary page = await ExtractAsync(HostilePages.SelectPage, Spec("h=h2.t"));

        Assert.Equal(["First heading", "Second bold heading"], page.Select!["h"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task SelectionWithAnAttributeTakesItsValueAndSkipsElementsWithoutIt()
    {
        PageSummary page = await ExtractAsync(HostilePages.SelectPage, Spec("src=img@src"), Spec("alt=img[alt]@alt"));

        Assert.Equal(["/a.png", "b.png"], page.Select!["src"]);
        Assert.Equal(["A", "no src"], page.Select!["alt"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task SelectionThatMatchesNothingIsAnEmptyList()
    {
        PageSummary page = await ExtractAsync(HostilePages.SelectPage, Spec("none=table td"));

        Assert.Empty(page.Select!["none"]);
    }

    [Fact(Timeout = 10_000)]
    public async Task SelectionKeepsAtMostTheCappedNumberOfCappedValues()
    {
        string html = string.Concat(Enumerable.Repeat($"<p>{new string('v', SelectorSpec.MaxValueChars + 5)}</p>", SelectorSpec.MaxMatches + 10));

        PageSummary page = await ExtractAsync(html, Spec("p=p"));

        Assert.Equal(SelectorSpec.MaxMatches, page.Select!["p"].Count);
        Assert.All(page.Select["p"], v => Assert.Equal(new string('v', SelectorSpec.MaxValueChars) + "…", v));
    }

    [Theory]
    [InlineData("t=h1", "t", "h1", null)]
    [InlineData("img = img.hero @src", "img", "img.hero", "src")]
    [InlineData("mail=a[href*=\"@example\"]", "mail", "a[href*=\"@example\"]", null)]
    [InlineData("d=meta[name=description]@content", "d", "meta[name=description]", "content")]
    public void SelectorSpecSplitsNameCssAndAttribute(string text, string name, string css, string? attribute)
    {
        Assert.True(SelectorSpec.TryParse(text, out SelectorSpec? spec, out string problem), problem);
        Assert.Equal(new SelectorSpec(name, css, attribute), spec);
    }

    [Theory]
    [InlineData("h1")]
    [InlineData("=h1")]
    [InlineData("t=")]
    [InlineData("t=h1[")]
    [InlineData("t=::nope(")]
    [InlineData("t=p >")]
    public void InvalidSelectionIsRefused(string text)
    {
        Assert.False(SelectorSpec.TryParse(text, out _, out string problem));
        Assert.NotEmpty(problem);
    }

    [Fact(Timeout = 10_000)]
    public async Task LinkUrlsAreAbsoluteHttpUniqueWithoutFragmentsAndFollowTheBase()
    {
        PageSummary page = await ExtractAsync(HostilePages.LinksPage, links: true);

        Assert.Equal(
            [
                "https://cdn.example.test/docs/intro.html",
                "https://cdn.example.test/about?x=1&y=2",
                "http://other.example.test/",
                "https://other.example.test/",
                "https://cdn.example.test/docs/",
            ],
            page.LinkUrls);
    }

    [Fact(Timeout = 10_000)]
    public async Task LinkUrlsResolveAgainstTheDocumentAddressWithoutABase()
    {
        PageSummary page = await ExtractAsync("<a href=\"../up.html\">u</a><a href=\"same.html\">s</a>", links: true);

        Assert.Equal(["https://site.example.test/up.html", "https://site.example.test/dir/same.html"], page.LinkUrls);
    }

    [Fact(Timeout = 10_000)]
    public async Task LinkUrlsStopAtTheirShareOfARecordAndSaySo()
    {
        string html = string.Concat(Enumerable.Range(0, HtmlExtractor.MaxLinkUrls + 50).Select(i => $"<a href=\"/p{i}\">{i}</a>"));

        PageSummary page = await ExtractAsync(html, links: true);

        Assert.True(page.LinksTruncated);
        Assert.InRange(page.LinkUrls!.Count, 10_000, HtmlExtractor.MaxLinkUrls - 1);
        Assert.Equal("https://site.example.test/p0", page.LinkUrls[0]);
        Assert.Equal($"https://site.example.test/p{page.LinkUrls.Count - 1}", page.LinkUrls[^1]);
        int json = 2 + page.LinkUrls.Sum(u => u.Length + 3) - 1; // brackets, quotes, commas: plain ASCII URLs as JSON
        Assert.InRange(json, HtmlExtractor.MaxLinkUrlBytes - 64, HtmlExtractor.MaxLinkUrlBytes);
    }

    [Fact(Timeout = 10_000)]
    public async Task LinkUrlsWithinTheBoundAreNotMarkedTruncated()
    {
        string html = string.Concat(Enumerable.Range(0, 2077).Select(i => $"<a href=\"/p{i}\">{i}</a><a href=\"/p{i}#again\">{i}</a>"));

        PageSummary page = await ExtractAsync(html, links: true);

        Assert.False(page.LinksTruncated);
        Assert.Equal(2077, page.LinkUrls!.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task NothingAskedMeansNoSelectionAndNoLinkUrls()
    {
        PageSummary page = await ExtractAsync(HostilePages.LinksPage);

        Assert.Null(page.Select);
        Assert.Null(page.LinkUrls);
    }

    [Theory]
    [InlineData("X-Token: abc", "X-Token", "abc")]
    [InlineData("Accept-Language:de", "Accept-Language", "de")]
    [InlineData("Authorization:   Bearer x:y  ", "Authorization", "Bearer x:y")]
    public void HeaderIsParsed(string text, string name, string value)
    {
        Assert.True(HeaderField.TryParse(text, out HeaderField? header, out string problem), problem);
        Assert.Equal(new HeaderField(name, value), header);
    }

    [Theory]
    [InlineData("NoColon", "Name: value")]
    [InlineData(": value", "Name: value")]
    [InlineData("Bad Name: x", "not a valid")]
    [InlineData("X-A: one\ntwo", "control character")]
    [InlineData("Content-Type: text/plain", "GET has none")]
    [InlineData("content-length: 4", "GET has none")]
    public void BadHeaderIsRefusedWithAReason(string text, string reason)
    {
        Assert.False(HeaderField.TryParse(text, out _, out string problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authorization", "Bearer s3cret", "authorization: ***")]
    [InlineData("Proxy-Authorization", "Basic cHc=", "Proxy-Authorization: ***")]
    [InlineData("Cookie", "session=s3cret", "Cookie: ***")]
    [InlineData("X-Token", "visible", "X-Token: visible")]
    public void AHeaderPrintedShowsNoCredential(string name, string value, string shown)
    {
        Assert.Equal(shown, new HeaderField(name, value).ToString());
    }

    private static SelectorSpec Spec(string text)
    {
        Assert.True(SelectorSpec.TryParse(text, out SelectorSpec? spec, out string problem), problem);
        return spec!;
    }

    private async Task<PageSummary> ExtractAsync(string html, params SelectorSpec[] selectors) => await ExtractAsync(html, false, selectors);

    private Task<PageSummary> ExtractAsync(string html, bool links, params SelectorSpec[] selectors) =>
        Task.Run(() => HtmlExtractor.Extract(HostilePages.Utf8(html), "text/html; charset=utf-8", Address, selectors, links, _timeout.Token));
}
