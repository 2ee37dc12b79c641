using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>Checks without download (HEAD, and GET without its body where HEAD is refused) against a real server on loopback.</summary>
public sealed class CheckOnlyTests(CheckSite site) : IClassFixture<CheckSite>, IDisposable
{
    private static readonly FetchOptions Check = new() { CheckOnly = true };
    private readonly CancellationTokenSource _abort = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _abort.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task AServerThatAnswersHeadIsCheckedWithOneHeadRequest()
    {
        string key = NewKey();

        FetchResult result = await FetchAsync(Check, site.Url($"ok?k={key}"));

        Assert.Null(result.Error);
        Assert.Equal(200, result.Status);
        Assert.Equal("image/png", result.ContentType);
        Assert.Equal(CheckSite.OkLength, result.Length);
        Assert.Equal("HEAD", result.CheckMethod);
        Assert.Equal(site.Url($"ok?k={key}"), result.FinalUrl);
        Assert.Null(result.RedirectChain);
        Assert.Equal([$"HEAD /ok?k={key}"], site.RequestsFor(key));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(405)]
    [InlineData(501)]
    public async Task AServerThatRefusesHeadIsCheckedWithGet(int refusal)
    {
        string key = NewKey();

        FetchResult result = await FetchAsync(Check, site.Url($"no-head/{refusal}?k={key}"));

        Assert.Null(result.Error);
        Assert.Equal(200, result.Status);
        Assert.Equal("text/css", result.ContentType);
        Assert.Equal(6, result.Length);
        Assert.Equal("GET", result.CheckMethod);
        Assert.Equal(1, result.Attempts);
        Assert.Equal([$"HEAD /no-head/{refusal}?k={key}", $"GET /no-head/{refusal}?k={key}"], site.RequestsFor(key));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("http")]
    [InlineData("https")] // HTTP/2: the stream is reset
    public async Task AServerThatDropsTheConnectionOnHeadIsCheckedWithGet(string scheme)
    {
        string key = NewKey();
        string path = $"reset-on-head?k={key}";

        FetchResult result = await FetchAsync(Check with { Insecure = true }, scheme == "https" ? site.HttpsUrl(path) : site.Url(path));

        Assert.Null(result.Error);
        Assert.Equal(200, result.Status);
        Assert.Equal("GET", result.CheckMethod);
        Assert.Equal(2, result.Length);
        Assert.Equal([$"HEAD /reset-on-head?k={key}", $"GET /reset-on-head?k={key}"], site.RequestsFor(key));
    }

    [Fact(Timeout = 30_000)]
    public async Task AServerThatClosesTheConnectionOnHeadIsCheckedWithGet()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var methods = new List<string>();
        Task serving = Task.Run(async () =>
        {
            while (!methods.Contains("GET"))
            {
                using Socket client = await listener.AcceptSocketAsync(_abort.Token);
                string request = await ReadHeadAsync(client);
                methods.Add(request.Split(' ')[0]);
                if (!request.StartsWith("HEAD ", StringComparison.Ordinal))
                {
                    await client.SendAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray(), _abort.Token);
                }
                client.Shutdown(SocketShutdown.Both); // a HEAD gets a close without a word
            }
        });
        try
        {
            FetchResult result = await FetchAsync(Check, $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/file");
            await serving.WaitAsync(_abort.Token);

            Assert.Null(result.Error);
            Assert.Equal(200, result.Status);
            Assert.Equal(2, result.Length);
            Assert.Equal("GET", result.CheckMethod);
            // The handler itself sends a request closed without a word again on a new
            // connection, up to three times (a server may close an idle connection as a request
            // arrives); then the check turns to GET.
            Assert.Equal("GET", methods[^1]);
            Assert.All(methods[..^1], method => Assert.Equal("HEAD", method));
            Assert.InRange(methods.Count - 1, 1, 4);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Theory(Timeout = 30_000)]
    [InlineData("http", "slow-body", 1L << 30)]
    [InlineData("http", "slow-body-chunked", 0L)] // no Content-Length: the length is unknown, 0
    [InlineData("https", "slow-body", 1L << 30)] // HTTP/2: the stream is reset, the connection kept
    [InlineData("https", "slow-body-chunked", 0L)]
    public async Task TheBodyOfACheckByGetIsNotRead(string scheme, string path, long length)
    {
        string key = NewKey();
        using var fetcher = new PageFetcher(Check with { Insecure = true });
        var watch = Stopwatch.StartNew();

        FetchResult result = await fetcher.FetchAsync(
            new Uri(scheme == "https" ? site.HttpsUrl($"{path}?k={key}") : site.Url($"{path}?k={key}")), _abort.Token);
        TimeSpan took = watch.Elapsed;
        await site.SlowBodyOf(key).Ended.WaitAsync(TimeSpan.FromSeconds(20), _abort.Token);

        Assert.Null(result.Error);
        Assert.Equal(200, result.Status);
        Assert.Equal("GET", result.CheckMethod);
        Assert.Equal(length, result.Length);
        // The body never ends (1 GiB at 16 KiB every 50 ms): the check is done with the headers.
        Assert.True(took < TimeSpan.FromSeconds(5), $"took {took}");
        Assert.Equal(0, fetcher.Memory.Used);
        // The connection was closed, not kept reading: at most what the handler drains (1 MiB) and the socket buffers hold.
        Assert.True(site.SlowBodyOf(key).BytesSent < 4L << 20, $"the server sent {site.SlowBodyOf(key).BytesSent} bytes");
    }

    [Fact(Timeout = 30_000)]
    public async Task AConnectionLeftWithAnUnreadBodyServesTheNextCheckRightly()
    {
        string key = NewKey();
        using var fetcher = new PageFetcher(Check);

        FetchResult refused = await fetcher.FetchAsync(new Uri(site.Url($"no-head/405?k={key}")), _abort.Token);
        FetchResult next = await fetcher.FetchAsync(new Uri(site.Url($"ok?k={key}")), _abort.Token);
        FetchResult again = await fetcher.FetchAsync(new Uri(site.Url($"no-head/501?k={key}")), _abort.Token);

        Assert.Equal((200, "text/css", "GET"), (refused.Status, refused.ContentType, refused.CheckMethod));
        Assert.Equal((200, "image/png", (long)CheckSite.OkLength, "HEAD"), (next.Status, next.ContentType, next.Length, next.CheckMethod));
        Assert.Equal((200, "text/css", "GET"), (again.Status, again.ContentType, again.CheckMethod));
        // The unread body of the GET was taken off the connection, which then served the next requests.
        Assert.Single(site.ConnectionsFor(key).Distinct());
        Assert.Equal(5, site.ConnectionsFor(key).Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task ACheckFollowsRedirectsWithHeadAndRecordsEachHopInOrder()
    {
        string key = NewKey();

        FetchResult result = await FetchAsync(Check, site.Url($"hop/301?k={key}"));

        Assert.Null(result.Error);
        Assert.Equal(200, result.Status);
        Assert.Equal(3, result.Redirects);
        Assert.Equal(site.Url($"ok?k={key}"), result.FinalUrl);
        Assert.Equal("HEAD", result.CheckMethod);
        Assert.Equal(
            [new RedirectHop(site.Url($"hop/301?k={key}"), 301), new RedirectHop(site.Url($"hop/302?k={key}"), 302), new RedirectHop(site.Url($"hop/308?k={key}"), 308)],
            result.RedirectChain);
        Assert.All(site.RequestsFor(key), request => Assert.StartsWith("HEAD ", request, StringComparison.Ordinal));
        Assert.Equal(4, site.RequestsFor(key).Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task ARedirectToAServerThatRefusesHeadIsCheckedWithGetFromThatHop()
    {
        string key = NewKey();

        FetchResult result = await FetchAsync(Check, site.Url($"hop/to-refused?k={key}"));

        Assert.Equal(200, result.Status);
        Assert.Equal("GET", result.CheckMethod);
        Assert.Equal([new RedirectHop(site.Url($"hop/to-refused?k={key}"), 301)], result.RedirectChain);
        Assert.Equal([$"HEAD /hop/to-refused?k={key}", $"HEAD /no-head/405?k={key}", $"GET /no-head/405?k={key}"], site.RequestsFor(key));
    }

    [Fact(Timeout = 30_000)]
    public async Task ACheckWithFailMakesAMissingPageAnErrorWithoutTryingGet()
    {
        string key = NewKey();

        FetchResult result = await FetchAsync(Check with { FailOnHttpError = true }, site.Url($"missing?k={key}"));

        Assert.Equal(404, result.Status);
        Assert.Equal(ErrorKind.HttpStatus, result.Error?.Kind);
        Assert.Equal("HEAD", result.CheckMethod);
        Assert.Equal([$"HEAD /missing?k={key}"], site.RequestsFor(key));
    }

    /// <summary>Reads a request's head, up to the empty line.</summary>
    private async Task<string> ReadHeadAsync(Socket client)
    {
        var head = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int read = await client.ReceiveAsync(buffer, _abort.Token);
            if (read == 0)
            {
                break;
            }
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return head.ToString();
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private async Task<FetchResult> FetchAsync(FetchOptions options, string url)
    {
        using var fetcher = new PageFetcher(options);
        return await fetcher.FetchAsync(new Uri(url), _abort.Token);
    }
}
