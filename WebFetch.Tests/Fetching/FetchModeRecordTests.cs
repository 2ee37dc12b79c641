using System.Text;
using System.Text.Json;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>What the crawl's fetch modes add to a record (the body, the redirect chain), and that a fetch without them writes the record of today.</summary>
public sealed class FetchModeRecordTests(CheckSite site) : IClassFixture<CheckSite>, IDisposable
{
    /// <summary>The fields of a record of <c>run</c> without <c>--select</c> and <c>--links</c>, in their order.</summary>
    private static readonly string[] TodaysFields =
        ["url", "final_url", "status", "content_type", "charset", "length", "title", "description", "lang", "canonical", "links",
            "redirects", "elapsed_ms", "worker", "attempts", "error"];

    private readonly CancellationTokenSource _abort = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _abort.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task ACapturedBodyIsCutOnACharacterBoundaryAndSaysSo()
    {
        FetchResult result = await FetchAsync(new FetchOptions { CaptureBodyBytes = 4 }, site.Url("body/euro"));

        Assert.Null(result.Error);
        Assert.Equal("ab", result.Body);
        Assert.True(result.BodyTruncated);
        Assert.Equal(7, result.Length);
    }

    [Fact(Timeout = 30_000)]
    public async Task ABodyOfAnyTypeIsCapturedWholeWhenItFits()
    {
        // application/octet-stream with a Content-Length: not downloaded at all without a capture.
        FetchResult result = await FetchAsync(new FetchOptions { CaptureBodyBytes = 16 }, site.Url("body/invalid"));

        Assert.Null(result.Error);
        Assert.Equal("a\uFFFDb", result.Body);
        Assert.Null(result.BodyTruncated);
        Assert.Equal(3, result.Length);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnHtmlPageIsParsedAsWellAsCaptured()
    {
        FetchResult result = await FetchAsync(new FetchOptions { CaptureBodyBytes = 1024 }, site.Url("body/page"));

        Assert.Equal("Captured", result.Title);
        Assert.Equal("<title>Captured</title><p>x</p>", result.Body);
    }

    [Fact(Timeout = 30_000)]
    public async Task TheByteCapStillHoldsBeforeTheCapture()
    {
        FetchResult result = await FetchAsync(new FetchOptions { CaptureBodyBytes = 4, MaxBytes = 3 }, site.Url("body/euro"));

        Assert.Equal(ErrorKind.TooLarge, result.Error?.Kind);
        Assert.Null(result.Body);
    }

    [Fact(Timeout = 30_000)]
    public async Task ACrawlFetchRecordsTheRedirectsOfItsGetInOrder()
    {
        string key = Guid.NewGuid().ToString("N");

        FetchResult result = await FetchAsync(new FetchOptions { Crawl = true }, site.Url($"hop/301?k={key}"));

        Assert.Null(result.Error);
        Assert.Null(result.CheckMethod);
        Assert.Equal(CheckSite.OkLength, result.Length);
        Assert.Equal([301, 302, 308], result.RedirectChain!.Select(hop => hop.Status));
        Assert.Equal([site.Url($"hop/301?k={key}"), site.Url($"hop/302?k={key}"), site.Url($"hop/308?k={key}")], result.RedirectChain!.Select(hop => hop.Url));
        Assert.All(site.RequestsFor(key), request => Assert.StartsWith("GET ", request, StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task ATemporaryRedirectIsAHopToo()
    {
        FetchResult result = await FetchAsync(new FetchOptions { CheckOnly = true }, site.Url("hop/307"));

        Assert.Equal([new RedirectHop(site.Url("hop/307"), 307)], result.RedirectChain);
    }

    [Fact(Timeout = 30_000)]
    public async Task TooManyRedirectsListsTheHopsFollowedBeforeGivingUp()
    {
        FetchResult result = await FetchAsync(new FetchOptions { CheckOnly = true, MaxRedirects = 1 }, site.Url("hop/301"));

        Assert.Equal(ErrorKind.TooManyRedirects, result.Error?.Kind);
        Assert.Equal(302, result.Status);
        Assert.Equal(site.Url("hop/302"), result.FinalUrl);
        Assert.Equal([new RedirectHop(site.Url("hop/301"), 301)], result.RedirectChain);
    }

    [Fact(Timeout = 30_000)]
    public async Task AFetchWithoutTheCrawlModesWritesTodaysFieldsAndNoOther()
    {
        FetchResult redirected = await FetchAsync(new FetchOptions(), site.Url("hop/301"));
        FetchResult failed = await FetchAsync(new FetchOptions { MaxRedirects = 1 }, site.Url("hop/301"));

        Assert.Equal(3, redirected.Redirects);
        Assert.Equal(ErrorKind.TooManyRedirects, failed.Error?.Kind);
        Assert.Equal(TodaysFields, FieldsOf(redirected));
        Assert.Equal(TodaysFields, FieldsOf(failed));
    }

    [Fact(Timeout = 30_000)]
    public async Task TheModesFieldsCrossTheWireAfterTodaysFields()
    {
        FetchResult sent = await FetchAsync(new FetchOptions { CheckOnly = true, CaptureBodyBytes = 8 }, site.Url("hop/308"));

        string line = Encoding.UTF8.GetString(LineProtocol.EncodeResult(sent).Span);
        FetchResult received = JsonSerializer.Deserialize(line, ProtocolJson.Compact.FetchResult)!;

        Assert.Equal([.. TodaysFields, "check_method", "redirect_chain"], FieldsOf(sent));
        Assert.Contains($"\"check_method\":\"HEAD\",\"redirect_chain\":[{{\"url\":\"{site.Url("hop/308")}\",\"status\":308}}]", line, StringComparison.Ordinal);
        Assert.Equal(sent.RedirectChain, received.RedirectChain);
        Assert.Equal("HEAD", received.CheckMethod);
    }

    private static string[] FieldsOf(FetchResult result)
    {
        using JsonDocument record = JsonDocument.Parse(LineProtocol.EncodeResult(result));
        return [.. record.RootElement.EnumerateObject().Select(field => field.Name)];
    }

    private async Task<FetchResult> FetchAsync(FetchOptions options, string url)
    {
        using var fetcher = new PageFetcher(options);
        return await fetcher.FetchAsync(new Uri(url), _abort.Token);
    }
}
