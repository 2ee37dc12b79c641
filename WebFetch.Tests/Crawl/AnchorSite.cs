using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Crawl;

/// <summary>
/// A small site on 127.0.0.1 for the anchor check, under <c>/docs/</c>: pages that moved and left a
/// meta refresh behind (to a page that has the anchor linked to, and to one that lacks it), a refresh
/// page slower than its target (so the target arrives first), a refresh loop, and a rustdoc-like source
/// page whose lines have ids.
/// </summary>
public sealed class AnchorSite : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>How long <c>/docs/late-moved.html</c> waits before it answers, so that the page it refreshes to is fetched before it.</summary>
    public static readonly TimeSpan LateAnswer = TimeSpan.FromSeconds(1);

    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string path) => new Uri(BaseAddress, path).AbsoluteUri;

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

    private static void Map(WebApplication app)
    {
        app.MapGet("/docs/index.html", () => Html("""
            <!doctype html>
            <title>Docs</title>
            <a href="moved.html#kept">moved, anchor where the refresh leads</a>
            <a href="moved.html#gone">moved, anchor nowhere</a>
            <a href="early.html">the target of a slow refresh page</a>
            <a href="late-moved.html#early-anchor">slow refresh page</a>
            <a href="loop-a.html#x">refresh loop</a>
            <a href="src/lib.rs.html#900-950">lines past the end</a>
            <a href="src/lib.rs.html#3-5">lines 3 to 5</a>
            <a href="src/lib.rs.html#no-such-item">an item that is not there</a>
            """));
        app.MapGet("/docs/moved.html", () => Refresh("new/guide.html"));
        app.MapGet("/docs/new/guide.html", () => Html("<!doctype html>\n<title>Guide</title>\n<h2 id=\"kept\">Kept</h2>\n"));
        app.MapGet("/docs/early.html", () => Html("<!doctype html>\n<title>Early</title>\n<h2 id=\"early-anchor\">Here</h2>\n"));
        app.MapGet("/docs/late-moved.html", async (CancellationToken token) =>
        {
            await Task.Delay(LateAnswer, token);
            return Refresh("early.html");
        });
        app.MapGet("/docs/loop-a.html", () => Refresh("loop-b.html"));
        app.MapGet("/docs/loop-b.html", () => Refresh("loop-a.html"));
        app.MapGet("/docs/src/lib.rs.html", () => Html("<!doctype html>\n<title>lib.rs</title>\n<pre>"
            + string.Concat(Enumerable.Range(1, 20).Select(n => $"<a href=#{n} id={n}>{n}</a>line {n}\n")) + "<a href=#21>21</a>no line 21\n</pre>\n"));
    }

    /// <summary>A page left at an old address, as mdbook leaves them: only a meta refresh to the new one.</summary>
    private static IResult Refresh(string to) =>
        Html($"<!doctype html>\n<meta http-equiv=\"refresh\" content=\"0; URL={to}\">\n<title>Redirecting...</title>\n<p>Redirecting to <a href=\"{to}\">{to}</a>.</p>\n");

    private static IResult Html(string body) => Results.Content(body, "text/html; charset=utf-8");
}
