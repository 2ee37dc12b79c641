using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// Real servers on 127.0.0.1 for the fetch behaviour tests: a Kestrel site over HTTP and
/// HTTPS (a self-signed certificate made here) with slow, flaky, compressed and hostile
/// pages, the same site over HTTPS that offers only HTTP/1.1, and a Kestrel acting as a
/// forward proxy (it answers absolute-form requests for any host).
/// </summary>
public sealed class FetchSite : IAsyncLifetime
{
    /// <summary>Uncompressed size of the gzip bomb.</summary>
    public const long BombBytes = 1L << 30;

    private static readonly Lazy<byte[]> Bomb = new(CompressZeros);
    private readonly ConcurrentDictionary<string, int> _hits = new();
    private WebApplication? _site;
    private WebApplication? _proxy;
    private WebApplication? _http11Only;

    /// <summary>What the proxy wants in Proxy-Authorization for locked.invalid: user "proxy user", password "p@ss".</summary>
    public static readonly string ProxyCredentials = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("proxy user:p@ss"));

    public Uri BaseAddress { get; private set; } = null!;
    public Uri HttpsAddress { get; private set; } = null!;
    public Uri ProxyAddress { get; private set; } = null!;
    public Uri Http11OnlyTlsAddress { get; private set; } = null!;

    public string Url(string path) => new Uri(BaseAddress, path).AbsoluteUri;

    public string HttpsUrl(string path) => new Uri(HttpsAddress, path).AbsoluteUri;

    /// <summary>How many requests the flaky endpoint saw for <paramref name="key"/>.</summary>
    public int HitsFor(string key) => _hits.GetValueOrDefault(key);

    public async Task InitializeAsync()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using X509Certificate2 certificate = SelfSignedCertificate();
        X509Certificate2 serving = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        _site = await LoopbackServer.StartAsync(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serving));
        }, MapPages);
        BaseAddress = new Uri(_site.Urls.First(u => u.StartsWith("http:", StringComparison.Ordinal)) + "/");
        HttpsAddress = new Uri(_site.Urls.First(u => u.StartsWith("https:", StringComparison.Ordinal)) + "/");
        _proxy = await LoopbackServer.StartAsync(k => k.Listen(IPAddress.Loopback, 0), app => app.Run(context =>
        {
            string seen = $"{context.Request.Host}{context.Request.Path}";
            // Requests for locked.invalid need the proxy's own Basic credentials, asked for with a 407.
            string credentials = context.Request.Headers.ProxyAuthorization.ToString();
            if (context.Request.Host.Host == "locked.invalid" && credentials != ProxyCredentials)
            {
                context.Response.Headers.ProxyAuthenticate = "Basic realm=\"proxy\"";
                return Results.StatusCode(407).ExecuteAsync(context);
            }
            return Results.Content($"<title>proxied {seen}</title>", "text/html; charset=utf-8").ExecuteAsync(context);
        }));
        ProxyAddress = new Uri(_proxy.Urls.First() + "/");
        _http11Only = await LoopbackServer.StartAsync(
            k => k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(serving);
            }),
            MapPages);
        Http11OnlyTlsAddress = new Uri(_http11Only.Urls.First() + "/");
    }

    public async Task DisposeAsync()
    {
        foreach (WebApplication? app in new[] { _site, _proxy, _http11Only })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    private void MapPages(WebApplication app)
    {
        app.MapGet("/page/{n:int}", (int n) => Html($"<title>Page {n}</title><a href=\"/page/{n + 1}\">next</a>"));
        app.MapGet("/redirect-chain/{n:int}", (int n) => n <= 0 ? Results.Redirect("/page/2") : Results.Redirect($"/redirect-chain/{n - 1}"));
        app.MapGet("/loop/a", () => Results.Redirect("/loop/b"));
        app.MapGet("/loop/b", () => Results.Redirect("/loop/a"));
        app.MapGet("/protocol", (HttpRequest request) => Html($"<title>{request.Protocol}</title>"));
        app.MapGet("/headers", (HttpRequest request) => Html(
            $"<title>{WebUtility.HtmlEncode(request.Headers["X-Token"].ToString())}|{WebUtility.HtmlEncode(request.Headers.UserAgent.ToString())}</title>"));

        app.MapGet("/credentials", (HttpRequest request) => Html(
            $"<title>{WebUtility.HtmlEncode(request.Headers.Authorization.ToString())}|{WebUtility.HtmlEncode(request.Headers.Cookie.ToString())}|{WebUtility.HtmlEncode(request.Headers["X-Token"].ToString())}</title>"));
        // The same server under another host name (localhost instead of 127.0.0.1): another origin.
        app.MapGet("/elsewhere/{*path}", (HttpContext context, string path) =>
            Results.Redirect($"http://localhost:{context.Connection.LocalPort}/{path}"));
        app.MapGet("/here/{*path}", (string path) => Results.Redirect($"/{path}"));

        // Sends the headers and then one byte every 500 ms, forever.
        app.MapGet("/trickle", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.StartAsync(context.RequestAborted);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync("x"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(500, context.RequestAborted);
            }
        });

        // {mb} MiB of a file download, with its length declared, or sent in chunks without it.
        app.MapGet("/download/{mb:int}", (int mb) => Results.Bytes(new byte[mb << 20], "application/octet-stream"));
        app.MapGet("/download-chunked/{mb:int}", async (HttpContext context, int mb) =>
        {
            context.Response.ContentType = "application/octet-stream";
            byte[] chunk = new byte[64 << 10];
            for (int sent = 0; sent < mb << 20; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });

        // 1 GiB of zeros, gzip-compressed (about 1 MB on the wire), labelled HTML.
        app.MapGet("/bomb", (HttpContext context) =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(Bomb.Value, "text/html");
        });

        // The first {failures} requests of {key} get {status} (with ?retryAfter= as Retry-After), later ones 200.
        app.MapGet("/flaky/{key}/{failures:int}/{status:int}", (HttpContext context, string key, int failures, int status) =>
        {
            int hit = _hits.AddOrUpdate(key, 1, (_, n) => n + 1);
            if (hit <= failures)
            {
                if (context.Request.Query["retryAfter"] is { Count: > 0 } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter.ToString();
                }
                return Results.Content($"<title>failure {hit}</title>", "text/html", Encoding.UTF8, status);
            }
            return Html($"<title>success after {hit - 1}</title>");
        });

        app.MapGet("/sjis-quoted", () => Results.Bytes(
            [.. "<title>"u8, .. Encoding.GetEncoding("shift_jis").GetBytes("日本語のページ"), .. "</title>"u8], "text/html; charset=\"Shift_JIS\""));
        app.MapGet("/links/{*rest}", () => Html(HostilePages.LinksPage));
        app.MapGet("/select", () => Html(HostilePages.SelectPage));
        app.MapGet("/many-links/{n:int}", (int n) => Html(
            "<title>many links</title>" + string.Concat(Enumerable.Range(0, n).Select(i => $"<a href=\"/l/{i}\">{i}</a>\n"))));
        app.MapGet("/hostile/nested", () => Html(HostilePages.Nested(200_000)));
        app.MapGet("/hostile/title", () => Html(HostilePages.HugeTitle(5 << 20)));
        app.MapGet("/hostile/nul", () => Results.Bytes(HostilePages.WithNulBytes(), "text/html"));
        app.MapGet("/hostile/empty", () => Results.Bytes([], "text/html"));
        app.MapGet("/hostile/binary", () => Results.Bytes(HostilePages.RandomBytes(1 << 20), "text/html"));
    }

    private static IResult Html(string body) => Results.Content(body, "text/html; charset=utf-8");

    private static byte[] CompressZeros()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < BombBytes; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }
        return output.ToArray();
    }

    internal static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
