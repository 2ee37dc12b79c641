using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// A small site on 127.0.0.1 for the crawl's end-to-end tests, under <c>/site/</c>, with one
/// defect of every kind planted (<see cref="Defects"/>), a robots.txt that disallows
/// <c>/site/private/</c>, a page out of scope whose own link must never be requested, a
/// port nothing listens on, a page that never answers in time (the crawl's <c>--timeout</c>
/// must be shorter than <see cref="SlowAnswer"/>), and a page of <see cref="ManyLinks"/> links.
/// Counts the requests of every path.
/// </summary>
public sealed class CrawlSite : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private WebApplication? _app;

    /// <summary>The links of <c>/site/many.html</c>, each to an anchor of <c>/site/targets.html</c>, which has all of them but the last.</summary>
    public const int ManyLinks = 5_000;

    /// <summary>How long <c>/site/slow</c> waits before it answers (or until its client leaves): longer than any test's <c>--timeout</c>.</summary>
    public static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(60);

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A port of 127.0.0.1 that refuses connections.</summary>
    public int ClosedPort { get; private set; }

    public string Url(string path) => new Uri(BaseAddress, path).AbsoluteUri;

    /// <summary>Requests of <paramref name="path"/> so far (any method).</summary>
    public int Requests(string path) => _requests.TryGetValue(path, out int count) ? count : 0;

    /// <summary>
    /// The planted defects: the broken URL (path, or a whole URL), its error kind, its kind, and
    /// where the link to it is: the referring page's path, line, tag.
    /// </summary>
    public IReadOnlyList<(string Url, string Error, string Kind, string Page, int Line, string Tag)> Defects => [
        (Url("site/missing.css"), "http_status", "stylesheet", "site/index.html", 4, "link@href"),
        (Url("site/missing.html"), "http_status", "page", "site/index.html", 7, "a@href"),
        (Url("site/missing.png"), "http_status", "image", "site/index.html", 8, "img@src"),
        (Url("site/page.html#absent"), "missing_anchor", "page", "site/index.html", 10, "a@href"),
        (Url("site/loop"), "too_many_redirects", "page", "site/index.html", 11, "a@href"),
        (Url("site/error"), "http_status", "page", "site/index.html", 12, "a@href"),
        ($"http://127.0.0.1:{ClosedPort}/x", "connect", "page", "site/index.html", 13, "a@href"),
        (Url("site/private/secret.html"), "robots_disallowed", "page", "site/index.html", 14, "a@href"),
        (Url("site/missing-2x.png"), "http_status", "image", "site/index.html", 16, "img@srcset"),
        (Url("site/missing-bg.png"), "http_status", "image", "site/index.html", 17, "style@url"),
        (Url("site/missing-from-css.png"), "http_status", "image", "site/style.css", 2, "css"),
        (Url("site/sub/rel-missing.html"), "http_status", "page", "site/sub/", 3, "a@href"),
        (Url("site/base/based-missing.html"), "http_status", "page", "site/sub/based.html", 3, "a@href"),
        (Url("site/refresh-missing.html"), "http_status", "page", "site/refresh.html", 2, "meta@refresh"),
        (Url("site/slow"), "timeout", "page", "site/index.html", 18, "a@href"),
        (Url($"site/targets.html#t{ManyLinks}"), "missing_anchor", "page", "site/many.html", ManyLinks + 1, "a@href"),
    ];

    public async Task InitializeAsync()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            ClosedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }
        _app = await LoopbackServer.StartAsync(k => k.Listen(IPAddress.Loopback, 0), Map);
        BaseAddress = new Uri(_app.Urls.First() + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            _requests.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, n) => n + 1);
            await next(context);
        });
        app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /site/private/\n", "text/plain"));
        app.MapGet("/site/index.html", () => Html($"""
            <!doctype html>
            <html><head><title>Home</title>
            <link rel="stylesheet" href="style.css">
            <link rel="stylesheet" href="missing.css">
            </head><body>
            <a href="page.html">page</a>
            <a href="missing.html">missing page</a>
            <img src="missing.png" alt="missing image">
            <a href="page.html#present">present anchor</a>
            <a href="page.html#absent">absent anchor</a>
            <a href="loop">loop</a>
            <a href="error">error</a>
            <a href="http://127.0.0.1:{ClosedPort}/x">closed port</a>
            <a href="private/secret.html">secret</a>
            <a href="/outside.html">outside</a> <a href="sub/">sub</a> <a href="refresh.html">refresh</a>
            <img srcset="small.png 1x, missing-2x.png 2x" src="small.png" alt="srcset">
            <div style="background: url(missing-bg.png)">styled</div>
            <a href="slow">slow</a> <a href="many.html">many links</a>
            </body></html>
            """));
        app.MapGet("/site/page.html", () => Html("<!doctype html>\n<title>Page</title>\n<h1 id=\"present\">Present</h1>\n<a href=\"index.html\">home</a>\n"));
        app.MapGet("/site/style.css", () => Results.Text("body { color: black }\nh1 { background: url(missing-from-css.png) }\n", "text/css"));
        app.MapGet("/site/small.png", () => Results.Bytes([0x89, 0x50, 0x4e, 0x47], "image/png"));
        app.MapGet("/site/loop", () => Results.Redirect("/site/loop2"));
        app.MapGet("/site/loop2", () => Results.Redirect("/site/loop"));
        app.MapGet("/site/error", () => Results.Content("<title>oops</title>", "text/html", Encoding.UTF8, 500));
        app.MapGet("/site/private/secret.html", () => Html("<title>secret</title>"));
        app.MapGet("/site/sub/", () => Html("<!doctype html>\n<title>Sub</title>\n<a href=\"rel-missing.html\">relative</a>\n<a href=\"based.html\">based</a>\n"));
        app.MapGet("/site/sub/based.html", () => Html("<!doctype html>\n<base href=\"/site/base/\">\n<a href=\"based-missing.html\">against the base</a>\n"));
        // what the link above would reach if <base> were ignored: present, so ignoring it hides the defect
        app.MapGet("/site/sub/based-missing.html", () => Html("<title>not the base</title>"));
        app.MapGet("/site/refresh.html", () => Html("<!doctype html>\n<meta http-equiv=\"refresh\" content=\"0; url=refresh-missing.html\">\n<title>Moved</title>\n"));
        app.MapGet("/site/slow", async (HttpContext context) =>
        {
            try
            {
                await Task.Delay(SlowAnswer, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // the client gave up, as it should
            }
            return Html("<title>too late</title>");
        });
        app.MapGet("/site/many.html", () => Html(ManyLinksPage()));
        app.MapGet("/site/targets.html", () => Html(TargetsPage()));
        app.MapGet("/site/sitemap.xml", () => Results.Text(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n<url><loc>{Url("site/orphan.html")}</loc></url>\n<url><loc>{Url("site/orphan-missing.html")}</loc></url>\n</urlset>\n",
            "application/xml"));
        app.MapGet("/site/orphan.html", () => Html("<title>linked from nowhere</title>"));
        app.MapGet("/outside.html", () => Html("<title>outside</title><a href=\"/outside-linked.html\">never followed</a>"));
        app.MapGet("/outside-linked.html", () => Html("<title>must not be requested</title>"));
    }

    /// <summary>One link a line after the first: link <c>n</c> (to <c>#tn</c>) is on line <c>n + 1</c>.</summary>
    private static string ManyLinksPage()
    {
        var page = new StringBuilder("<!doctype html><title>Many links</title>\n");
        for (int n = 1; n <= ManyLinks; n++)
        {
            page.Append(System.Globalization.CultureInfo.InvariantCulture, $"<a href=\"targets.html#t{n}\">{n}</a>\n");
        }
        return page.ToString();
    }

    /// <summary>Every anchor <c>many.html</c> links to but the last.</summary>
    private static string TargetsPage()
    {
        var page = new StringBuilder("<!doctype html><title>Targets</title>\n");
        for (int n = 1; n < ManyLinks; n++)
        {
            page.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p id=\"t{n}\">{n}</p>\n");
        }
        return page.ToString();
    }

    private static IResult Html(string body) => Results.Content(body, "text/html; charset=utf-8");
}
