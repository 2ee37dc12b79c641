using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The worker's fetch against real servers on loopback: timeouts, caps, redirects, retries, proxy, TLS, headers.</summary>
public sealed class PageFetcherTests(FetchSite site) : IClassFixture<FetchSite>, IDisposable
{
    private readonly CancellationTokenSource _abort = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _abort.Dispose();

    [Theory(Timeout = 30_000)]
    [InlineData("http")]
    [InlineData("https")] // HTTP/2
    public async Task TricklingServerEndsAsATimeoutWithinTheBudget(string scheme)
    {
        var options = new FetchOptions { Timeout = TimeSpan.FromSeconds(1.5), Retries = 1, Insecure = true };

        (FetchResult result, TimeSpan took) = await FetchTimedAsync(options, Over(scheme, "trickle"));

        Assert.Equal(ErrorKind.Timeout, result.Error?.Kind);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(200, result.Status);
        // two attempts of 1.5 s and one backoff of at most 0.5 s, plus scheduling slack
        Assert.InRange(took, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.5) + TimeSpan.FromSeconds(2));
        Assert.True(took <= options.TotalBudget, $"took {took}, budget {options.TotalBudget}");
    }

    [Fact(Timeout = 30_000)]
    public async Task ServerThatAcceptsAndNeverAnswersEndsAsATimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<Socket>();
        Task accepting = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await listener.AcceptSocketAsync(_abort.Token));
            }
        });
        var options = new FetchOptions { Timeout = TimeSpan.FromSeconds(1), Retries = 2 };
        try
        {
            (FetchResult result, TimeSpan took) = await FetchTimedAsync(options, $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

            Assert.Equal(ErrorKind.Timeout, result.Error?.Kind);
            Assert.Null(result.Status);
            Assert.Equal(3, result.Attempts);
            Assert.Equal(3, held.Count); // every attempt really connected
            Assert.InRange(took, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) + TimeSpan.FromSeconds(1.5) + TimeSpan.FromSeconds(2));
        }
        finally
        {
            listener.Stop();
            held.ForEach(s => s.Dispose());
            await Assert.ThrowsAnyAsync<Exception>(() => accepting);
        }
    }

    [Theory(Timeout = 30_000)]
    [InlineData("http")]
    [InlineData("https")] // HTTP/2: no chunked encoding, the length is undeclared all the same
    public async Task ABodyThatIsNotHtmlAndDeclaresItsLengthIsNotDownloaded(string scheme)
    {
        var options = new FetchOptions { MaxBytes = 1 << 20, Insecure = true };

        FetchResult declared = await FetchAsync(options, Over(scheme, "download/64"));
        FetchResult chunked = await FetchAsync(options, Over(scheme, "download-chunked/4"));

        // Nothing to parse: a link to a large file is a 200 of that length, not a too_large.
        Assert.Null(declared.Error);
        Assert.Equal(200, declared.Status);
        Assert.Equal("application/octet-stream", declared.ContentType);
        Assert.Equal(64L << 20, declared.Length);
        // Without a declared length the body is read to count it, and the cap still holds.
        Assert.Equal(ErrorKind.TooLarge, chunked.Error?.Kind);
    }

    [Fact(Timeout = 30_000)]
    public async Task RedirectChainIsFollowedAndCounted()
    {
        FetchResult result = await FetchAsync(new FetchOptions(), site.Url("redirect-chain/3"));

        Assert.Null(result.Error);
        Assert.Equal(4, result.Redirects);
        Assert.Equal(site.Url("page/2"), result.FinalUrl);
        Assert.Equal("Page 2", result.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task RedirectLoopEndsAsTooManyRedirects()
    {
        FetchResult result = await FetchAsync(new FetchOptions { MaxRedirects = 5 }, site.Url("loop/a"));

        Assert.Equal(ErrorKind.TooManyRedirects, result.Error?.Kind);
        Assert.Equal(5, result.Redirects);
        Assert.Equal(302, result.Status);
        Assert.Equal(1, result.Attempts);
    }

    [Fact(Timeout = 30_000)]
    public async Task TooManyRequestsWaitsForRetryAfterSecondsThenSucceeds()
    {
        string key = Guid.NewGuid().ToString("N");

        (FetchResult result, TimeSpan took) = await FetchTimedAsync(new FetchOptions(), site.Url($"flaky/{key}/1/429?retryAfter=2"));

        Assert.Equal(200, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Equal("success after 1", result.Title);
        Assert.True(took >= TimeSpan.FromSeconds(1.9), $"retried after {took.TotalMilliseconds} ms, before the 2 s Retry-After");
        Assert.True(took < TimeSpan.FromSeconds(6), $"took {took}");
    }

    [Fact(Timeout = 30_000)]
    public async Task RetryAfterAsAnHttpDateIsHonoured()
    {
        string key = Guid.NewGuid().ToString("N");
        string date = Uri.EscapeDataString((DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3)).ToString("R"));

        (FetchResult result, TimeSpan took) = await FetchTimedAsync(new FetchOptions(), site.Url($"flaky/{key}/1/503?retryAfter={date}"));

        Assert.Equal(200, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.True(took >= TimeSpan.FromSeconds(1), $"retried after {took.TotalMilliseconds} ms"); // HTTP dates have whole seconds
    }

    [Fact(Timeout = 30_000)]
    public async Task RetryAfterBeyondTheCapEndsTheRetriesWithTheResponse()
    {
        string key = Guid.NewGuid().ToString("N");

        (FetchResult result, TimeSpan took) = await FetchTimedAsync(new FetchOptions(), site.Url($"flaky/{key}/5/429?retryAfter=3600"));

        Assert.Equal(429, result.Status);
        Assert.Null(result.Error);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, site.HitsFor(key));
        Assert.True(took < TimeSpan.FromSeconds(5), $"took {took}");
    }

    [Fact(Timeout = 30_000)]
    public async Task ServiceUnavailableThenOkTakesTwoAttempts()
    {
        string key = Guid.NewGuid().ToString("N");

        FetchResult result = await FetchAsync(new FetchOptions(), site.Url($"flaky/{key}/1/503"));

        Assert.Equal(200, result.Status);
        Assert.Null(result.Error);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, site.HitsFor(key));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(408)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task PersistentGatewayErrorIsAResponseAfterEveryRetry(int status)
    {
        string key = Guid.NewGuid().ToString("N");

        FetchResult result = await FetchAsync(new FetchOptions { Retries = 2 }, site.Url($"flaky/{key}/99/{status}"));

        Assert.Equal(status, result.Status);
        Assert.Null(result.Error);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, site.HitsFor(key));
        Assert.Equal("failure 3", result.Title);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task OtherErrorStatusesAreNotRetried(int status)
    {
        string key = Guid.NewGuid().ToString("N");

        FetchResult result = await FetchAsync(new FetchOptions(), site.Url($"flaky/{key}/99/{status}"));

        Assert.Equal(status, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, site.HitsFor(key));
    }

    [Fact(Timeout = 30_000)]
    public async Task RefusedConnectionIsRetriedThenReported()
    {
        FetchResult result = await FetchAsync(new FetchOptions { Retries = 2 }, "http://127.0.0.1:1/");

        Assert.Equal(ErrorKind.Connect, result.Error?.Kind);
        Assert.Equal(3, result.Attempts);
    }

    [Fact(Timeout = 30_000)]
    public async Task NoRetriesMeansOneAttempt()
    {
        string key = Guid.NewGuid().ToString("N");

        FetchResult result = await FetchAsync(new FetchOptions { Retries = 0 }, site.Url($"flaky/{key}/1/503"));

        Assert.Equal(503, result.Status);
        Assert.Equal(1, result.Attempts);
    }

    [Fact(Timeout = 30_000)]
    public async Task ExplicitProxyCarriesRequestsForUnresolvableHosts()
    {
        FetchResult direct = await FetchAsync(new FetchOptions { Retries = 0 }, "http://site.invalid/page");
        FetchResult proxied = await FetchAsync(new FetchOptions { Proxy = site.ProxyAddress.AbsoluteUri }, "http://site.invalid/page");

        Assert.Equal(ErrorKind.Dns, direct.Error?.Kind);
        Assert.Null(proxied.Error);
        Assert.Equal(200, proxied.Status);
        Assert.Equal("proxied site.invalid/page", proxied.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task TheUserAndPasswordOfTheProxyUrlAnswerItsChallenge()
    {
        string withUser = site.ProxyAddress.AbsoluteUri.Replace("http://", "http://proxy%20user:p%40ss@", StringComparison.Ordinal);

        FetchResult without = await FetchAsync(new FetchOptions { Proxy = site.ProxyAddress.AbsoluteUri }, "http://locked.invalid/page");
        FetchResult with = await FetchAsync(new FetchOptions { Proxy = withUser }, "http://locked.invalid/page");

        Assert.Equal(407, without.Status);
        Assert.Null(with.Error);
        Assert.Equal(200, with.Status);
        Assert.Equal("proxied locked.invalid/page", with.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task SelfSignedCertificateFailsAsTlsUnlessInsecure()
    {
        FetchResult strict = await FetchAsync(new FetchOptions(), site.HttpsUrl("page/1"));
        FetchResult insecure = await FetchAsync(new FetchOptions { Insecure = true }, site.HttpsUrl("page/1"));

        Assert.Equal(ErrorKind.Tls, strict.Error?.Kind);
        Assert.Equal(1, strict.Attempts); // a certificate problem is not transient
        Assert.Null(insecure.Error);
        Assert.Equal(200, insecure.Status);
        Assert.Equal("Page 1", insecure.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task ExtraHeadersAreSentAndMayReplaceTheUserAgent()
    {
        var options = new FetchOptions { Headers = [new HeaderField("X-Token", "abc 123"), new HeaderField("User-Agent", "probe/1")] };

        FetchResult result = await FetchAsync(options, site.Url("headers"));

        Assert.Equal("abc 123|probe/1", result.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task CredentialsGoOnlyToTheOriginTheyWereGivenFor()
    {
        var options = new FetchOptions
        {
            Headers = [new HeaderField("Authorization", "Bearer s3cret"), new HeaderField("Cookie", "session=1"), new HeaderField("X-Token", "t")],
        };

        FetchResult direct = await FetchAsync(options, site.Url("credentials"));
        FetchResult sameOrigin = await FetchAsync(options, site.Url("here/credentials"));
        FetchResult otherOrigin = await FetchAsync(options, site.Url("elsewhere/credentials"));

        Assert.Equal("Bearer s3cret|session=1|t", direct.Title);
        Assert.Equal("Bearer s3cret|session=1|t", sameOrigin.Title);
        Assert.StartsWith("http://localhost:", otherOrigin.FinalUrl, StringComparison.Ordinal);
        Assert.Equal("||t", otherOrigin.Title); // as curl does: other headers follow, credentials do not
    }

    [Fact(Timeout = 30_000)]
    public async Task TheUserAndPasswordOfTheUrlAreSentAsBasicAuthenticationToItsOriginOnly()
    {
        string withUser(string path) => site.Url(path).Replace("http://", "http://al%40ice:p%C3%A4ss:word@", StringComparison.Ordinal);
        string expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("al@ice:päss:word"));

        FetchResult direct = await FetchAsync(new FetchOptions(), withUser("credentials"));
        FetchResult sameOrigin = await FetchAsync(new FetchOptions(), withUser("here/credentials"));
        FetchResult otherOrigin = await FetchAsync(new FetchOptions(), withUser("elsewhere/credentials"));
        FetchResult explicitHeader = await FetchAsync(
            new FetchOptions { Headers = [new HeaderField("Authorization", "Bearer s3cret")] }, withUser("credentials"));

        Assert.Equal($"{expected}||", direct.Title);
        Assert.Equal(site.Url("credentials"), direct.FinalUrl); // the secret stays out of final_url
        Assert.Equal($"{expected}||", sameOrigin.Title);
        Assert.StartsWith("http://localhost:", otherOrigin.FinalUrl, StringComparison.Ordinal);
        Assert.Equal("||", otherOrigin.Title);
        Assert.Equal("Bearer s3cret||", explicitHeader.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task HttpsSpeaksHttp2WhereTheServerOffersItAndHttp11Elsewhere()
    {
        var options = new FetchOptions { Insecure = true };

        FetchResult offered = await FetchAsync(options, site.HttpsUrl("protocol"));
        FetchResult notOffered = await FetchAsync(options, new Uri(site.Http11OnlyTlsAddress, "protocol").AbsoluteUri);
        FetchResult plain = await FetchAsync(options, site.Url("protocol"));

        Assert.Equal("HTTP/2", offered.Title);
        Assert.Equal("HTTP/1.1", notOffered.Title);
        Assert.Null(notOffered.Error);
        Assert.Equal("HTTP/1.1", plain.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task QuotedCharsetInTheContentTypeIsUsed()
    {
        FetchResult result = await FetchAsync(new FetchOptions(), site.Url("sjis-quoted"));

        Assert.Equal("日本語のページ", result.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task SelectionsAndLinksAreInTheRecordOnlyWhenAskedFor()
    {
        FetchResult plain = await FetchAsync(new FetchOptions(), site.Url("links/page"));
        var options = new FetchOptions { Links = true, Selectors = [new SelectorSpec("title", "title", null)] };
        FetchResult asked = await FetchAsync(options, site.Url("links/page"));

        Assert.Null(plain.Select);
        Assert.Null(plain.LinkUrls);
        Assert.Equal(["links"], asked.Select!["title"]);
        Assert.Contains("https://cdn.example.test/docs/intro.html", asked.LinkUrls!);
    }

    private string Over(string scheme, string path) => scheme == "https" ? site.HttpsUrl(path) : site.Url(path);

    private async Task<FetchResult> FetchAsync(FetchOptions options, string url) => (await FetchTimedAsync(options, url)).Result;

    private async Task<(FetchResult Result, TimeSpan Took)> FetchTimedAsync(FetchOptions options, string url)
    {
        using var fetcher = new PageFetcher(options);
        var watch = Stopwatch.StartNew();
        FetchResult result = await fetcher.FetchAsync(new Uri(url), _abort.Token);
        return (result, watch.Elapsed);
    }
}
