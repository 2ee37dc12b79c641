using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using WebFetch.Worker;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Worker;

/// <summary>
/// A real worker, started by a real run, asked on its socket for documents with a crawl's
/// fetch options (<see cref="FetchOptions.Crawl"/>), as a crawl's parent asks it: their links
/// of every kind come back in the record, and a request without the option gets none.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class CrawlRequestTests(ITestOutputHelper output) : IDisposable
{
    private const string Page = "<!doctype html>\n<link rel=stylesheet href=site.css>\n<h1 id=top>T</h1>\n<a href=\"other.html#top\">Other  page</a> <img src=missing.png alt=Missing>\n";
    private const string Css = "@import 'base.css';\n.a { background: url(../img/a.png) }\n";

    private const string Sitemap = "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://example.test/a</loc></url>\n</urlset>\n";
    private const string SitemapIndex = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>pages.xml</loc></sitemap></sitemapindex>";

    private readonly CliRunner _cli = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    public void Dispose()
    {
        _cli.Dispose();
        _timeout.Dispose();
    }

    [Fact(Timeout = 90_000)]
    public async Task ACrawlRequestGetsTheLinksOfAPageAStylesheetAndSitemapsAndOthersGetNone()
    {
        await using WebApplication site = await LoopbackServer.StartAsync(k => k.Listen(IPAddress.Loopback, 0), app =>
        {
            app.MapGet("/docs/index.html", () => Results.Content(Page, "text/html; charset=utf-8"));
            app.MapGet("/docs/site.css", () => Results.Bytes(Encoding.UTF8.GetBytes(Css), "text/css")); // with a Content-Length
            app.MapGet("/docs/sitemap.xml", () => Results.Bytes(Encoding.UTF8.GetBytes(Sitemap), "application/xml"));
            app.MapGet("/docs/index.xml.gz", () => Results.Bytes(Gzip(SitemapIndex), "application/gzip"));
        });
        var docs = new Uri(site.Urls.First() + "/docs/");
        string path = Path.Combine(_cli.TempDirectory, "run.sock");
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "1", "--socket", path], closeStdin: false);
        Assert.True(await run.WorkersAreAsync(1, TimeSpan.FromSeconds(20)), "the worker never started");
        string crawl = FetchOptionsJson.Write(new FetchOptions { Crawl = true });

        JsonElement page = await AskAsync(path, 900_101, new Uri(docs, "index.html").AbsoluteUri, crawl);
        JsonElement css = await AskAsync(path, 900_102, new Uri(docs, "site.css").AbsoluteUri, crawl);
        JsonElement sitemap = await AskAsync(path, 900_105, new Uri(docs, "sitemap.xml").AbsoluteUri, crawl);
        JsonElement index = await AskAsync(path, 900_106, new Uri(docs, "index.xml.gz").AbsoluteUri, crawl);
        JsonElement plain = await AskAsync(path, 900_103, new Uri(docs, "index.html").AbsoluteUri, null);
        JsonElement plainCss = await AskAsync(path, 900_104, new Uri(docs, "site.css").AbsoluteUri, null);
        string counting = FetchOptionsJson.Write(new FetchOptions { Crawl = true, CountLinksOnly = true });
        JsonElement countedPage = await AskAsync(path, 900_107, new Uri(docs, "index.html").AbsoluteUri, counting);
        JsonElement countedCss = await AskAsync(path, 900_108, new Uri(docs, "site.css").AbsoluteUri, counting);

        run.Stdin.Close();
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine(done.Stderr);
        string origin = docs.GetLeftPart(UriPartial.Authority);
        Assert.Equal(
            [$"{origin}/docs/site.css stylesheet link@href 2:1 ", $"{origin}/docs/other.html#top page a@href 4:1 Other page", $"{origin}/docs/missing.png image img@src 4:42 Missing"],
            page.GetProperty("found_links").EnumerateArray().Select(Describe));
        Assert.Equal(["top"], page.GetProperty("anchors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(
            [$"{origin}/docs/base.css stylesheet css 1:1 ", $"{origin}/img/a.png image css 2:18 "],
            css.GetProperty("found_links").EnumerateArray().Select(Describe));
        Assert.Equal(Css.Length, css.GetProperty("length").GetInt64());
        Assert.Equal(["https://example.test/a page sitemap@loc 3:8 "], sitemap.GetProperty("found_links").EnumerateArray().Select(Describe));
        Assert.Equal([$"{origin}/docs/pages.xml sitemap sitemap@loc 1:76 "], index.GetProperty("found_links").EnumerateArray().Select(Describe));
        Assert.All([page, css, plain, plainCss], r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        Assert.All([plain, plainCss], r => Assert.False(r.TryGetProperty("found_links", out _) || r.TryGetProperty("anchors", out _)));
        Assert.False(page.TryGetProperty("links_truncated", out _) || page.TryGetProperty("anchors_truncated", out _) || page.TryGetProperty("links_skipped", out _));
        Assert.Equal(3, countedPage.GetProperty("links_counted").GetInt32());
        Assert.Equal(2, countedCss.GetProperty("links_counted").GetInt32());
        Assert.Equal(["top"], countedPage.GetProperty("anchors").EnumerateArray().Select(a => a.GetString()));
        Assert.All([countedPage, countedCss], r => Assert.False(r.TryGetProperty("found_links", out _)));
        Assert.All([page, css, plain], r => Assert.False(r.TryGetProperty("links_counted", out _)));
        Assert.Equal(0, done.ExitCode);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    private static byte[] Gzip(string text)
    {
        var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return compressed.ToArray();
    }

    private static string Describe(JsonElement link) =>
        $"{link.GetProperty("url").GetString()} {link.GetProperty("kind").GetString()} {link.GetProperty("tag").GetString()} "
        + $"{link.GetProperty("line").GetInt32()}:{link.GetProperty("col").GetInt32()} {link.GetProperty("text").GetString()}";

    private Task<JsonElement> AskAsync(string socketPath, long id, string url, string? options) =>
        WorkerSocket.AskAsync(socketPath, id, url, options, _timeout.Token);
}
