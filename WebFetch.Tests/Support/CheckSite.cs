using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 for the crawl's fetch modes: pages that answer
/// HEAD, refuse it (405, 501) or drop the connection on it, a body that streams slowly for
/// ever, redirects of every permanent and temporary kind, and bodies to capture. It logs the
/// method and path of every request, so a test can tell what was sent. Over HTTP and over
/// HTTPS (HTTP/2), as <see cref="FetchSite"/> serves.
/// </summary>
public sealed class CheckSite : IAsyncLifetime
{
    /// <summary>The length <c>/ok</c> declares and sends.</summary>
    public const int OkLength = 1234;

    /// <summary>What the slow body sends at a time, and how often.</summary>
    public const int SlowChunkBytes = 16 << 10;

    public static readonly TimeSpan SlowChunkEvery = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<(string Request, string Connection)> _connections = new();
    private readonly ConcurrentDictionary<string, SlowBody> _slowBodies = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The same site over HTTPS (HTTP/2, a self-signed certificate: fetch it with Insecure).</summary>
    public Uri HttpsAddress { get; private set; } = null!;

    public string Url(string path) => new Uri(BaseAddress, path).AbsoluteUri;

    public string HttpsUrl(string path) => new Uri(HttpsAddress, path).AbsoluteUri;

    /// <summary>Every request so far whose path and query contain <paramref name="part"/>, as "METHOD /path?query", in order.</summary>
    public IReadOnlyList<string> RequestsFor(string part) => _requests.Where(r => r.Contains(part, StringComparison.Ordinal)).ToList();

    /// <summary>The connection (Kestrel's id) of every request so far whose path and query contain <paramref name="part"/>, in order.</summary>
    public IReadOnlyList<string> ConnectionsFor(string part) =>
        _connections.Where(r => r.Request.Contains(part, StringComparison.Ordinal)).Select(r => r.Connection).ToList();

    /// <summary>What the slow body of <paramref name="key"/> has sent, and when its request ended.</summary>
    public SlowBody SlowBodyOf(string key) => _slowBodies.GetOrAdd(key, _ => new SlowBody());

    public async Task InitializeAsync()
    {
        using X509Certificate2 certificate = FetchSite.SelfSignedCertificate();
        X509Certificate2 serving = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        _app = await LoopbackServer.StartAsync(
            k =>
            {
                k.Listen(IPAddress.Loopback, 0);
                k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serving));
            },
            app => app.Run(AnswerAsync));
        BaseAddress = new Uri(_app.Urls.First(u => u.StartsWith("http:", StringComparison.Ordinal)) + "/");
        HttpsAddress = new Uri(_app.Urls.First(u => u.StartsWith("https:", StringComparison.Ordinal)) + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string path = request.Path.Value ?? "/";
        _requests.Enqueue($"{request.Method} {path}{request.QueryString}");
        _connections.Enqueue(($"{path}{request.QueryString}", context.Connection.Id));
        bool head = HttpMethods.IsHead(request.Method);
        string key = request.Query["k"].ToString();
        switch (path)
        {
            case "/ok":
                await SendAsync(context, "image/png", new byte[OkLength]);
                return;
            case "/no-head/405" or "/no-head/501" when head:
                context.Response.StatusCode = path.EndsWith("405", StringComparison.Ordinal) ? 405 : 501;
                context.Response.Headers.Allow = "GET";
                return;
            case "/no-head/405" or "/no-head/501":
                await SendAsync(context, "text/css", "body{}"u8.ToArray());
                return;
            case "/reset-on-head" when head:
                context.Abort();
                return;
            case "/reset-on-head":
                await SendAsync(context, "text/plain", "ok"u8.ToArray());
                return;
            case "/slow-body" or "/slow-body-chunked" when head:
                context.Response.StatusCode = 405;
                return;
            case "/slow-body" or "/slow-body-chunked":
                await StreamSlowlyAsync(context, SlowBodyOf(key), declareLength: path == "/slow-body");
                return;
            case "/hop/301" or "/hop/302" or "/hop/307" or "/hop/308":
                context.Response.StatusCode = int.Parse(path[^3..], System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers.Location = NextHop(path) + request.QueryString;
                return;
            case "/hop/to-refused":
                context.Response.StatusCode = 301;
                context.Response.Headers.Location = "/no-head/405" + request.QueryString;
                return;
            case "/body/euro":
                await SendAsync(context, "text/plain", "ab€cd"u8.ToArray());
                return;
            case "/body/invalid":
                await SendAsync(context, "application/octet-stream", [(byte)'a', 0xFF, (byte)'b']);
                return;
            case "/body/page":
                await SendAsync(context, "text/html; charset=utf-8", "<title>Captured</title><p>x</p>"u8.ToArray());
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    /// <summary>The redirects follow each other: 301, 302, 308, then <c>/ok</c>; 307 leads to <c>/ok</c> too.</summary>
    private static string NextHop(string path) => path switch
    {
        "/hop/301" => "/hop/302",
        "/hop/302" => "/hop/308",
        _ => "/ok",
    };

    private static async Task SendAsync(HttpContext context, string contentType, byte[] body)
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>A body of 1 GiB (declared, or chunked) sent a small chunk at a time until the client goes away.</summary>
    private static async Task StreamSlowlyAsync(HttpContext context, SlowBody body, bool declareLength)
    {
        context.Response.ContentType = "application/octet-stream";
        if (declareLength)
        {
            context.Response.ContentLength = 1L << 30;
        }
        byte[] chunk = new byte[SlowChunkBytes];
        try
        {
            await context.Response.StartAsync(context.RequestAborted);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                body.Sent(chunk.Length);
                await Task.Delay(SlowChunkEvery, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // the client went away: what the test waits for
        }
        finally
        {
            body.End();
        }
    }

    /// <summary>What a slow body sent before its client went away.</summary>
    public sealed class SlowBody
    {
        private long _bytes;
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long BytesSent => Interlocked.Read(ref _bytes);

        /// <summary>Completes when the request ended: the client closed the connection or reset the stream.</summary>
        public Task Ended => _ended.Task;

        internal void Sent(int bytes) => Interlocked.Add(ref _bytes, bytes);

        internal void End() => _ended.TrySetResult();
    }

    /// <summary>Every request so far, one a line, for the message of a failed assertion.</summary>
    public string Describe() => string.Join(Environment.NewLine, _requests);
}
