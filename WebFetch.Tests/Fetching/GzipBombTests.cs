using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>A body that inflates to 1 GiB, against the byte cap, with the process's allocations counted.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class GzipBombTests(FetchSite site) : IClassFixture<FetchSite>, IDisposable
{
    private readonly CancellationTokenSource _abort = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _abort.Dispose();

    [Theory(Timeout = 60_000)]
    [InlineData("http")]
    [InlineData("https")] // HTTP/2
    public async Task GzipBombStopsAtTheCapAndKeepsTheResponseFields(string scheme)
    {
        string url = scheme == "https" ? site.HttpsUrl("bomb") : site.Url("bomb");
        using var fetcher = new PageFetcher(new FetchOptions { MaxBytes = 1 << 20, Insecure = true });
        long allocatedBefore = GC.GetTotalAllocatedBytes();

        FetchResult result = await fetcher.FetchAsync(new Uri(url), _abort.Token);

        Assert.Equal(ErrorKind.TooLarge, result.Error?.Kind);
        Assert.Equal(200, result.Status);
        Assert.Equal("text/html", result.ContentType);
        Assert.Equal(url, result.FinalUrl);
        Assert.InRange(result.Length, 1 << 20, (1 << 20) + 1);
        Assert.InRange(GC.GetTotalAllocatedBytes() - allocatedBefore, 0, 64L << 20); // nowhere near the 1 GiB it inflates to
    }
}
