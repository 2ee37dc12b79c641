using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>Redirects recorded without following them (issue 19): <c>--max-redirects 0</c> and <c>--no-follow</c>.</summary>
public sealed class NoFollowTests(FetchSite site) : IClassFixture<FetchSite>, IDisposable
{
    private readonly CancellationTokenSource _abort = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _abort.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task WithNoRedirectAllowedTheRedirectIsTheRecordWithItsAbsoluteLocation()
    {
        FetchResult result = await FetchAsync(new FetchOptions { MaxRedirects = 0 }, site.Url("redirect-chain/1"));

        Assert.Null(result.Error);
        Assert.Equal(302, result.Status);
        Assert.Equal(0, result.Redirects);
        Assert.Equal(site.Url("redirect-chain/1"), result.FinalUrl);
        Assert.Equal(site.Url("redirect-chain/0"), result.Location);
    }

    [Fact(Timeout = 30_000)]
    public async Task WithRedirectsAllowedTheyAreFollowedAndNoLocationIsRecorded()
    {
        FetchResult followed = await FetchAsync(new FetchOptions { MaxRedirects = 2 }, site.Url("redirect-chain/1"));
        FetchResult tooMany = await FetchAsync(new FetchOptions { MaxRedirects = 1 }, site.Url("redirect-chain/1"));

        Assert.Null(followed.Error);
        Assert.Equal(200, followed.Status);
        Assert.Null(followed.Location);
        Assert.Equal(ErrorKind.TooManyRedirects, tooMany.Error?.Kind);
        Assert.Equal("more than 1 redirects", tooMany.Error?.Message);
        Assert.Null(tooMany.Location);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnAnswerThatIsNoRedirectHasNoLocation()
    {
        FetchResult result = await FetchAsync(new FetchOptions { MaxRedirects = 0 }, site.Url("page/2"));

        Assert.Null(result.Error);
        Assert.Equal(200, result.Status);
        Assert.Null(result.Location);
    }

    private async Task<FetchResult> FetchAsync(FetchOptions options, string url)
    {
        using var fetcher = new PageFetcher(options);
        return await fetcher.FetchAsync(new Uri(url), _abort.Token);
    }
}
