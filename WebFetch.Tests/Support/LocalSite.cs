using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 with the pages the end-to-end tests fetch.
/// Shared by the tests of one collection; started once, stopped at the end.
/// </summary>
public sealed partial class LocalSite : IAsyncLifetime
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string path) => new Uri(BaseAddress, path).AbsoluteUri;

    public async Task InitializeAsync()
    {
        WebApplication app = await LoopbackServer.StartAsync(k => k.Listen(IPAddress.Loopback, 0), a =>
        {
            MapPages(a);
            MapCountedPages(a);
        });
        _app = app;
        BaseAddress = new Uri(app.Urls.First() + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The title the page <c>/page/{n}</c> carries.</summary>
    public static string TitleOf(int n) => $"Page {n} of the test site";

    private static void MapPages(WebApplication app)
    {
        app.MapGet("/page/{n:int}", (int n) => Html(
            $"""
            <!doctype html>
            <html lang="en"><head>
              <title>
                Page {n}   of the
                test site
              </title>
              <meta name="description" content="Description of page {n}">
              <link rel="canonical" href="/page/{n}">
            </head><body>
              <h1>Page {n}</h1>
              <a href="/page/{n + 1}">next</a> <a href="../page/{Math.Max(0, n - 1)}">previous</a> <a href="https://example.org/">out</a>
            </body></html>
            """));
        app.MapGet("/redirect", () => Results.Redirect("/page/1"));
        app.MapGet("/redirect-chain/{n:int}", (int n) => n <= 0 ? Results.Redirect("/page/2") : Results.Redirect($"/redirect-chain/{n - 1}"));
        app.MapGet("/loop/a", () => Results.Redirect("/loop/b"));
        app.MapGet("/loop/b", () => Results.Redirect("/loop/a"));
        app.MapGet("/status/{code:int}", (int code) => Results.Content($"<html><title>Status {code}</title></html>", "text/html", Encoding.UTF8, code));
        app.MapGet("/data.json", () => Results.Text("{\"a\":1}", "application/json"));
        app.MapGet("/slow/{ms:int}", async (int ms, CancellationToken token) =>
        {
            await Task.Delay(ms, token);
            return Html($"<title>slow {ms}</title>");
        });
        app.MapGet("/slow-links/{ms:int}/{n:int}", async (int ms, int n, CancellationToken token) =>
        {
            await Task.Delay(ms, token);
            return Html("<title>many links</title>" + string.Concat(Enumerable.Range(0, n).Select(i => $"<a href=\"/page/{i}\">{i}</a>\n")));
        });
        app.MapGet("/big/{kb:int}", (int kb) => Results.Text(new string('x', kb * 1024), "text/plain"));
    }

    private static IResult Html(string body) => Results.Content(body, "text/html; charset=utf-8");
}
