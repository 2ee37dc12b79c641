using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// A site on 127.0.0.1 whose pages answer slowly, for stopping a crawl midway: a start page
/// linking to <see cref="Chapters"/> chapters, each linking to its section page, each section
/// to its image. Defects planted at every depth: a missing page (linked from the start page and
/// from a chapter), a missing image, a missing anchor on the start page (linked from the last
/// sections, so its anchors must be known after a resume), a page robots.txt disallows.
/// Counts the requests of every path.
/// </summary>
public sealed class SlowCrawlSite : IAsyncLifetime
{
    public const int Chapters = 12;

    /// <summary>How long each page takes to answer.</summary>
    public static readonly TimeSpan PageDelay = TimeSpan.FromMilliseconds(400);

    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string path) => new Uri(BaseAddress, path).AbsoluteUri;

    public string Start => Url("book/index.html");

    /// <summary>Requests of every path so far.</summary>
    public IReadOnlyDictionary<string, int> Requests => new Dictionary<string, int>(_requests, StringComparer.Ordinal);

    /// <summary>The planted defects: the broken URL, its error kind, and the pages that link to it.</summary>
    public IReadOnlyList<(string Url, string Error, string[] Referrers)> Defects => [
        (Url("book/missing.html"), "http_status", [Start, Url("book/chapter3.html")]),
        (Url("book/missing.png"), "http_status", [Url("book/section7.html")]),
        (Url("book/index.html#nowhere"), "missing_anchor", [Url($"book/section{Chapters - 1}.html"), Url($"book/section{Chapters}.html")]),
        (Url("book/private/draft.html"), "robots_disallowed", [Start]),
    ];

    public async Task InitializeAsync()
    {
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
        app.MapGet("/robots.txt", () => Results.Text("User-agent: *\nDisallow: /book/private/\n", "text/plain"));
        string chapters = string.Join("\n", Enumerable.Range(1, Chapters).Select(n => $"<a href=\"chapter{n}.html\">chapter {n}</a>"));
        app.MapGet("/book/index.html", () => SlowHtml(
            $"<!doctype html>\n<title>Book</title>\n<h1 id=\"top-of-book\">Book</h1>\n{chapters}\n<a href=\"missing.html\">missing</a>\n<a href=\"private/draft.html\">draft</a>\n"));
        app.MapGet("/book/chapter{n:int}.html", (int n) => n is >= 1 and <= Chapters
            ? SlowHtml($"<!doctype html>\n<title>Chapter {n}</title>\n<h1 id=\"c{n}\">Chapter {n}</h1>\n<a href=\"section{n}.html\">section</a>\n<a href=\"index.html#top-of-book\">top</a>\n"
                + (n == 3 ? "<a href=\"missing.html\">missing again</a>\n" : ""))
            : Task.FromResult(Results.NotFound()));
        app.MapGet("/book/section{n:int}.html", (int n) => n is >= 1 and <= Chapters
            ? SlowHtml($"<!doctype html>\n<title>Section {n}</title>\n<img src=\"{(n == 7 ? "missing" : $"figure{n}")}.png\" alt=\"figure\">\n"
                + $"<a href=\"chapter{n}.html#c{n}\">back</a>\n" + (n >= Chapters - 1 ? "<a href=\"index.html#nowhere\">nowhere</a>\n" : ""))
            : Task.FromResult(Results.NotFound()));
        app.MapGet("/book/figure{n:int}.png", () => Results.Bytes([0x89, 0x50, 0x4e, 0x47], "image/png"));
        app.MapGet("/book/private/draft.html", () => Results.Content("<title>draft</title>", "text/html"));
    }

    private static async Task<IResult> SlowHtml(string body)
    {
        await Task.Delay(PageDelay);
        return Results.Content(body, "text/html; charset=utf-8");
    }
}
