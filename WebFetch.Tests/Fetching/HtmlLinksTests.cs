using System.Text;
using WebFetch.Fetching;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The links of every kind a crawl's parse finds in a page (<see cref="FetchOptions.Crawl"/>), where they are, and the anchors.</summary>
public sealed class HtmlLinksTests : IDisposable
{
    private static readonly Uri Address = new("https://example.test/dir/page.html");

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public void Dispose() => _timeout.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task EveryKindOfLinkIsFoundWithItsKindTagAndPlace()
    {
        string html = """
            <!doctype html>
            <html><head>
            <link rel="stylesheet" href="/s.css"><link rel="icon" href="fav.ico"><link rel="alternate" href="feed.xml" title=" The   feed ">
            <link rel="modulepreload" href="m.js"><link rel="preload" as="font" href="f.woff2"><link rel="preconnect" href="https://cdn.test">
            <script src="app.js"></script>
            <meta http-equiv="Refresh" content="5; URL='next.html'">
            <style>body { background: url("bg.png") } @import 'more.css';</style>
            </head><body>
            <a href="a.html#part">Go  <b>there</b>
             now</a><area href="map.html" alt="Map">
            <img src="i.png" srcset="i-2x.png 2x, i-3x.png 3x" alt="An image">
            <picture><source srcset="p.webp"><img src="p.png"></picture>
            <video src="v.mp4" poster="v.jpg"><source src="v.webm"><track src="t.vtt"></video><audio src="a.ogg"></audio>
            <iframe src="frame.html"></iframe><embed src="e.swf"><object data="o.pdf"></object>
            <input type="image" src="button.png" alt="Send"><input type="text" src="not-a-link.png">
            <div style="background-image: url(div.png)"></div>
            </body></html>
            """;

        PageSummary page = await ExtractAsync(html);

        string[] expected =
        [
            "https://example.test/s.css stylesheet link@href 3:1",
            "https://example.test/dir/fav.ico image link@href 3:38",
            "https://example.test/dir/feed.xml page link@href 3:70 The feed",
            "https://example.test/dir/m.js script link@href 4:1",
            "https://example.test/dir/f.woff2 font link@href 4:39",
            "https://example.test/dir/app.js script script@src 5:1",
            "https://example.test/dir/next.html page meta@refresh 6:1",
            "https://example.test/dir/bg.png image style 7:1",
            "https://example.test/dir/more.css stylesheet style 7:1",
            "https://example.test/dir/a.html#part page a@href 9:1 Go there now",
            "https://example.test/dir/map.html page area@href 10:9 Map",
            "https://example.test/dir/i.png image img@src 11:1 An image",
            "https://example.test/dir/i-2x.png image img@srcset 11:1 An image",
            "https://example.test/dir/i-3x.png image img@srcset 11:1 An image",
            "https://example.test/dir/p.webp image source@srcset 12:10",
            "https://example.test/dir/p.png image img@src 12:34",
            "https://example.test/dir/v.mp4 media video@src 13:1",
            "https://example.test/dir/v.jpg image video@poster 13:1",
            "https://example.test/dir/v.webm media source@src 13:35",
            "https://example.test/dir/t.vtt media track@src 13:56",
            "https://example.test/dir/a.ogg media audio@src 13:83",
            "https://example.test/dir/frame.html page iframe@src 14:1",
            "https://example.test/dir/e.swf object embed@src 14:35",
            "https://example.test/dir/o.pdf object object@data 14:54",
            "https://example.test/dir/button.png image input@src 15:1 Send",
            "https://example.test/dir/div.png image style@url 16:1",
        ];
        Assert.Equal(expected, page.FoundLinks!.Select(Describe));
        Assert.Equal(1, page.LinksSkipped);
        Assert.False(page.LinksTruncated);
        Assert.Empty(page.Anchors!);
    }

    [Fact(Timeout = 30_000)]
    public async Task LinksResolveAgainstTheFirstBaseEvenWhenItComesAfterThem()
    {
        PageSummary page = await ExtractAsync("""
            <html><head><link rel=stylesheet href="early.css"><base href="https://other.test/docs/"><base href="/ignored/"></head>
            <body><a href="x.html">x</a><a href="//cdn.test/y">y</a><a href="">self</a><a href="#top">top</a></body></html>
            """);

        Assert.Equal(
            ["https://other.test/docs/early.css", "https://other.test/docs/x.html", "https://cdn.test/y", "https://other.test/docs/", "https://other.test/docs/#top"],
            page.FoundLinks!.Select(l => l.Url));
    }

    [Fact(Timeout = 30_000)]
    public async Task SkippedSchemesAreCountedAndValuesThatDoNotParseAreKeptAsWritten()
    {
        PageSummary page = await ExtractAsync("""
            <a href="javascript:void(0)">js</a><a href=" JavaScript:x">js</a><a href="java&#9;script:x">js</a><a href="mailto:a@b.test">m</a>
            <a href="tel:+1">t</a><img src="data:image/png;base64,AAAA"><a href="http://[oops/">bad</a><a href="ftp://files.test/f">ftp</a>
            """);

        Assert.Equal(["http://[oops/ page a@href 2:61 bad invalid", "ftp://files.test/f page a@href 2:92 ftp"], page.FoundLinks!.Select(Describe));
        Assert.Equal(6, page.LinksSkipped);
    }

    [Fact(Timeout = 30_000)]
    public async Task ARepeatedLinkIsReportedOnceWhereItFirstAppearsWithItsCount()
    {
        PageSummary page = await ExtractAsync("<p><a href=a.html>1</a> <a href=b.html>2</a> <a href=a.html>3</a> <a href=a.html#x>4</a> <a href=./a.html>5</a></p>");

        Assert.Equal(
            ["a.html 1 3", "b.html 2 1", "a.html#x 4 1"], // ./a.html is a.html
            page.FoundLinks!.Select(l => $"{l.Url[(l.Url.LastIndexOf('/') + 1)..]} {l.Text} {l.Occurrences}"));
        Assert.False(page.LinksTruncated); // fewer entries than links, none left out
    }

    [Fact(Timeout = 30_000)]
    public async Task PagesExtractedOneAfterTheOtherOnAThreadKeepTheirOwnLinksAndAnchors()
    {
        PageSummary[] pages = await Task.Run(() => new[]
        {
            HtmlExtractor.Extract(Encoding.UTF8.GetBytes("<h1 id=x>T</h1><a href=a.html>a</a><a href=b.html>b</a>"), "text/html", Address, [], links: false, crawl: true, releaseBody: null, _timeout.Token),
            HtmlExtractor.Extract(Encoding.UTF8.GetBytes("<h1 id=x>T</h1><h2 id=y>U</h2><a href=c.html>c</a>"), "text/html", Address, [], links: false, crawl: true, releaseBody: null, _timeout.Token),
        });

        Assert.Equal(["a.html", "b.html"], pages[0].FoundLinks!.Select(l => l.Url[(l.Url.LastIndexOf('/') + 1)..]));
        Assert.Equal(["x"], pages[0].Anchors!);
        Assert.Equal(["c.html"], pages[1].FoundLinks!.Select(l => l.Url[(l.Url.LastIndexOf('/') + 1)..]));
        Assert.Equal(["x", "y"], pages[1].Anchors!); // x again: the set of anchors seen was emptied between the pages
    }

    [Fact(Timeout = 30_000)]
    public async Task LinkTextIsCollapsedCutAndFallsBackToTheImagesAlt()
    {
        string longText = string.Concat(Enumerable.Repeat("word  \n ", 300));
        PageSummary page = await ExtractAsync(
            $"<a href=1><img src=logo.png alt=' Home  page '></a><a href=2>  </a><a href=3>{longText}</a><a href=4><span>in <i>side</i></span> out</a>");

        FoundLink[] anchors = [.. page.FoundLinks!.Where(l => l.Tag == "a@href")];
        Assert.Equal("Home page", anchors[0].Text);
        Assert.Null(anchors[1].Text);
        Assert.Equal(200, anchors[2].Text!.Length);
        Assert.EndsWith("word…", anchors[2].Text, StringComparison.Ordinal);
        Assert.Equal("in side out", anchors[3].Text);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnchorsAreEveryIdAndEveryANameOnceInDocumentOrder()
    {
        PageSummary page = await ExtractAsync("""
            <h1 id="top">T</h1><a name="old-style"></a><section id="s1"><p id="top">again</p><span name="not-an-anchor" id=""></span></section>
            <svg><g id="in-svg"></g></svg><div id="method.len" style="color: red"></div>
            """);

        Assert.Equal(["top", "old-style", "s1", "in-svg", "method.len"], page.Anchors);
        Assert.False(page.AnchorsTruncated);
    }

    [Fact(Timeout = 30_000)]
    public async Task PositionsCountLinesEndedByCrLfAndCrAndColumnsPastSixtyFiveThousand()
    {
        string wide = new(' ', 70_000);
        PageSummary page = await ExtractAsync("<p>\r\n<a href=a>a</a>\r<a href=b>b</a>\n\n" + wide + "<a href=c>c</a>" + string.Concat(Enumerable.Repeat("\n", 70_000)) + "<a href=d>d</a>");

        Assert.Equal(["2:1", "3:1", $"5:{wide.Length + 1}", "70005:1"], page.FoundLinks!.Select(l => $"{l.Line}:{l.Col}"));
    }

    [Fact(Timeout = 60_000)]
    public async Task APageOfFiveThousandLinksListsThemAll()
    {
        var html = new StringBuilder("<!doctype html><title>many</title>\n");
        for (int i = 0; i < 5000; i++)
        {
            html.Append("<li><a href=\"page").Append(i).Append(".html\">Page ").Append(i).Append("</a>\n");
        }

        PageSummary page = await ExtractAsync(html.ToString());

        Assert.Equal(5000, page.FoundLinks!.Count);
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"https://example.test/dir/page{i}.html {i + 2} Page {i}"), page.FoundLinks.Select(l => $"{l.Url} {l.Line} {l.Text}"));
        Assert.False(page.LinksTruncated);
        Assert.Equal(5000, page.Links);
    }

    [Fact(Timeout = 60_000)]
    public async Task AListPastItsByteBoundStopsAndSaysSo()
    {
        var html = new StringBuilder();
        for (int i = 0; i < 40_000; i++)
        {
            html.Append("<a href=\"/a-rather-long-path/to/page").Append(i).Append(".html\">link</a>");
        }

        PageSummary page = await ExtractAsync(html.ToString());

        Assert.True(page.LinksTruncated);
        Assert.InRange(page.FoundLinks!.Count, 1000, 39_999);
        int without = LineProtocol.Encode(new FetchResult { Url = "u" }, ProtocolJson.Compact.FetchResult).Length;
        int with = LineProtocol.Encode(new FetchResult { Url = "u", FoundLinks = page.FoundLinks }, ProtocolJson.Compact.FetchResult).Length;
        Assert.InRange(with - without - ",\"found_links\":".Length, Defaults.MaxFoundLinkBytes * 9L / 10, Defaults.MaxFoundLinkBytes);
    }

    [Fact(Timeout = 60_000)]
    public async Task APageWhoseLinksAreOnlyCountedSendsTheirNumberAndItsAnchorsUnlessTheListWouldBeCut()
    {
        var html = new StringBuilder("<h1 id=top>T</h1>");
        for (int i = 0; i < 40_000; i++)
        {
            html.Append("<a href=\"/a-rather-long-path/to/page").Append(i).Append(".html\">link</a>");
        }
        string small = "<h1 id=top>T</h1><a href=a.html>a</a><img src=b.png><a href='mailto:x@example.test'>m</a>";

        PageSummary counted = await Task.Run(() => HtmlExtractor.Extract(
            Encoding.UTF8.GetBytes(small), "text/html", Address, [], links: false, crawl: true, countLinksOnly: true, ownUrl: null, leftOut: null, releaseBody: null, _timeout.Token));
        PageSummary large = await Task.Run(() => HtmlExtractor.Extract(
            Encoding.UTF8.GetBytes(html.ToString()), "text/html", Address, [], links: false, crawl: true, countLinksOnly: true, ownUrl: null, leftOut: null, releaseBody: null, _timeout.Token));

        Assert.Equal(2, counted.LinksCounted);
        Assert.Null(counted.FoundLinks);
        Assert.Equal(1, counted.LinksSkipped);
        Assert.Equal(["top"], counted.Anchors!);
        Assert.Null(large.LinksCounted); // the list would be cut: sent as without the option, links_truncated said
        Assert.True(large.LinksTruncated);
        Assert.InRange(large.FoundLinks!.Count, 1000, 39_999);
        Assert.All(large.FoundLinks!, link => Assert.Null(link.Text)); // only counted: their texts are not read
    }

    [Fact]
    public async Task APageWhoseLinksAreOnlyCountedStillSendsItsMetaRefreshForItsAnchors()
    {
        string moved = "<head><meta http-equiv=refresh content='0; url=new/place.html'></head><a href=a.html>a</a><a href=b.html>b</a>";

        PageSummary counted = await Task.Run(() => HtmlExtractor.Extract(
            Encoding.UTF8.GetBytes(moved), "text/html", Address, [], links: false, crawl: true, countLinksOnly: true, ownUrl: null, leftOut: null, releaseBody: null, _timeout.Token));

        Assert.Equal(3, counted.LinksCounted);
        WebFetch.Protocol.FoundLink refresh = Assert.Single(counted.FoundLinks!);
        Assert.Equal("meta@refresh", refresh.Tag);
        Assert.Equal(new Uri(Address, "new/place.html").AbsoluteUri, refresh.Url);
    }

    [Fact]
    public void TheCountBoundsStopTheListsAndSaySo()
    {
        var links = new LinkCollector();
        for (int i = 0; i <= Defaults.MaxFoundLinks; i++)
        {
            links.Add(new RawLink("x", LinkKind.Page, "a@href", 0, null));
            links.AddAnchor(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(Defaults.MaxFoundLinks, links.Links.Count);
        Assert.True(links.IsFull);
        Assert.Equal(Defaults.MaxAnchors, links.Anchors.Count);
        Assert.True(links.AnchorsTruncated);
    }

    [Fact(Timeout = 30_000)]
    public async Task WithoutCrawlNothingIsFoundAndTheSummaryIsTheSame()
    {
        const string Html = "<title>T</title><link rel=canonical href=/c><a href=a.html>a</a><img src=i.png id=x>";
        PageSummary plain = await Task.Run(() => HtmlExtractor.Extract(Encoding.UTF8.GetBytes(Html), "text/html; charset=utf-8", Address, [], links: true, _timeout.Token));
        PageSummary crawled = await ExtractAsync(Html, links: true);

        Assert.Null(plain.FoundLinks);
        Assert.Null(plain.Anchors);
        Assert.Equal(plain with { }, crawled with { FoundLinks = null, Anchors = null, LinkUrls = plain.LinkUrls });
        Assert.Equal(plain.LinkUrls, crawled.LinkUrls);
        Assert.Equal(["page link@href", "page a@href", "image img@src"], crawled.FoundLinks!.Select(l => $"{l.Kind} {l.Tag}"));
    }

    [Fact(Timeout = 30_000)]
    public async Task SelectionsStillReadEveryAttributeInACrawl()
    {
        SelectorSpec spec = new("classes", "p", "class");
        PageSummary page = await Task.Run(() => HtmlExtractor.Extract(
            Encoding.UTF8.GetBytes("<p class=intro style='background:url(p.png)'>x</p>"), "text/html", Address, [spec], links: false, crawl: true, releaseBody: null, _timeout.Token));

        Assert.Equal(["intro"], page.Select!["classes"]);
        Assert.Equal("https://example.test/dir/p.png image style@url 1:1", Describe(Assert.Single(page.FoundLinks!)));
    }

    private static string Describe(FoundLink link) =>
        $"{link.Url} {link.Kind} {link.Tag} {link.Line}:{link.Col}{(link.Text is null ? "" : " " + link.Text)}{(link.Invalid == true ? " invalid" : "")}";

    private Task<PageSummary> ExtractAsync(string html, bool links = false) =>
        Task.Run(() => HtmlExtractor.Extract(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", Address, [], links, crawl: true, releaseBody: null, _timeout.Token));
}
