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

    private static string Describe(FoundLink link) =>
        $"{link.Url} {link.Kind} {link.Tag} {link.Line}:{link.Col}{(link.Text is null ? "" : " " + link.Text)}{(link.Invalid == true ? " invalid" : "")}";

    private Task<PageSummary> ExtractAsync(string html, string contentType = "text/html; charset=utf-8") =>
        Task.Run(() => HtmlExtractor.Extract(Encoding.UTF8.GetBytes(html), contentType, Address, [], links: false, crawl: true, releaseBody: null, _timeout.Token));
}
