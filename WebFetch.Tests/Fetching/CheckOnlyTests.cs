using System.Diagnostics;
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

    [Fact(Timeout = 30_000)]
    public async Task AServerThatDropsTheConnectionOnHeadIsCheckedWithGet()
    {
        string key = NewKey();

        FetchResult result = await FetchAsync(Check, site.Url($"reset-on-head?k={key}"));

        Assert.Null(result.Error);
        Assert.Equal(200, result.Status);
        Assert.Equal("GET", result.CheckMethod);
        Assert.Equal(2, result.Length);
        Assert.Equal([$"HEAD /reset-on-head?k={key}", $"GET /reset-on-head?k={key}"], site.RequestsFor(key));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("slow-body", 1L << 30)]
    [InlineData("slow-body-chunked", 0L)] // no Content-Length: the length is unknown, 0
    public async Task TheBodyOfACheckByGetIsNotRead(string path, long length)
    {
        string key = NewKey();
        using var fetcher = new PageFetcher(Check);
        var watch = Stopwatch.StartNew();

        FetchResult result = await fetcher.FetchAsync(new Uri(site.Url($"{path}?k={key}")), _abort.Token);
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

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private async Task<FetchResult> FetchAsync(FetchOptions options, string url)
    {
        using var fetcher = new PageFetcher(options);
        return await fetcher.FetchAsync(new Uri(url), _abort.Token);
    }
}
