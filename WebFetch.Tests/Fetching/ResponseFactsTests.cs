using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The facts about each response (<c>--fields</c>, issue 19), each against a loopback server, over HTTP/1.1, HTTPS and HTTP/2.</summary>
public sealed class ResponseFactsTests(FactsSite site) : IClassFixture<FactsSite>, IDisposable
{
    private readonly CancellationTokenSource _abort = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _abort.Dispose();

    private static FetchOptions Asking(ResponseFields fields) => new() { Fields = fields, Insecure = true };

    private static string Url(Uri server, string path) => new Uri(server, path).AbsoluteUri;

    [Fact(Timeout = 30_000)]
    public async Task WithoutFieldsTheRecordHasNoneOfTheFacts()
    {
        FetchResult result = await FetchAsync(new FetchOptions(), Url(site.First, "redirect"));

        Assert.Equal(200, result.Status);
        Assert.Null(result.Ip);
        Assert.Null(result.Port);
        Assert.Null(result.HttpVersion);
        Assert.Null(result.Headers);
        Assert.Null(result.Timing);
        Assert.Null(result.BodySha256);
        Assert.Null(result.Tls);
        Assert.Null(result.RedirectChain);
    }

    [Fact(Timeout = 30_000)]
    public async Task IpPortAndVersionNameTheServerThatAnswered()
    {
        FetchResult result = await FetchAsync(Asking(ResponseFields.Ip | ResponseFields.Port | ResponseFields.HttpVersion), Url(site.First, "page"));

        Assert.Equal("127.0.0.1", result.Ip);
        Assert.Equal(site.First.Port, result.Port);
        Assert.Equal("1.1", result.HttpVersion);
        Assert.Null(result.Headers); // not asked for
        Assert.Null(result.Timing);
    }

    [Fact(Timeout = 30_000)]
    public async Task TwoRequestsOnOneConnectionEachGetTheirOwnTiming()
    {
        using var fetcher = new PageFetcher(Asking(ResponseFields.All));
        FetchResult first = await fetcher.FetchAsync(new Uri(Url(site.First, "page")), _abort.Token);
        FetchResult second = await fetcher.FetchAsync(new Uri(Url(site.First, "page")), _abort.Token);

        Assert.Equal(first.Headers!["x-connection"], second.Headers!["x-connection"]); // the server saw one connection
        ResponseTiming opened = first.Timing!;
        Assert.False(opened.Reused);
        Assert.NotNull(opened.Dns);
        Assert.True(opened.Dns <= opened.Connect && opened.Connect <= opened.Ttfb && opened.Ttfb <= opened.Total, $"{opened}");
        Assert.Null(opened.Tls); // http://
        ResponseTiming reused = second.Timing!;
        Assert.True(reused.Reused);
        Assert.Null(reused.Dns);
        Assert.Null(reused.Connect);
        Assert.Null(reused.Tls);
        Assert.True(reused.Ttfb <= reused.Total, $"{reused}");
        Assert.All([first, second], r => Assert.Equal((site.First.Port, "127.0.0.1"), (r.Port!.Value, r.Ip)));
    }

    [Fact(Timeout = 30_000)]
    public async Task RequestsToTwoServersAtOnceEachNameTheServerThatAnswered()
    {
        using var fetcher = new PageFetcher(Asking(ResponseFields.Port | ResponseFields.Headers | ResponseFields.Timing));
        Uri[] servers = [.. Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? site.First : site.Second)];

        FetchResult[] results = await Task.WhenAll(servers.Select(server => fetcher.FetchAsync(new Uri(Url(server, "page")), _abort.Token)));

        Assert.All(results.Zip(servers), pair =>
        {
            (FetchResult result, Uri server) = pair;
            Assert.Equal(server.Port, result.Port);
            Assert.Equal(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Headers!["x-port"]);
        });
        // Each connection's opening counts in the timing of one request at most.
        foreach (IGrouping<string, FetchResult> connection in results.GroupBy(r => $"{r.Port} {r.Headers!["x-connection"]}"))
        {
            Assert.True(connection.Count(r => !r.Timing!.Reused) <= 1, $"connection {connection.Key} was opened for more than one request");
        }
        Assert.Contains(results, r => !r.Timing!.Reused);
    }

    [Fact(Timeout = 30_000)]
    public async Task HeadersAreByLowerCaseNameWithRepeatsJoinedAndCookiesOnLinesOfTheirOwn()
    {
        FetchResult result = await FetchAsync(Asking(ResponseFields.Headers), Url(site.First, "page"));

        IReadOnlyDictionary<string, string> headers = result.Headers!;
        Assert.Equal("one, two", headers["x-many"]);
        Assert.Equal("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT\nb=2", headers["set-cookie"]);
        Assert.Equal("text/html; charset=utf-8", headers["content-type"]);
        Assert.All(headers.Keys, name => Assert.Equal(name.ToLowerInvariant(), name));
        Assert.Null(result.HeadersTruncated);
    }

    [Fact(Timeout = 30_000)]
    public async Task HeaderOutKeepsOnlyTheNamedHeaders()
    {
        FetchResult result = await FetchAsync(Asking(ResponseFields.Headers) with { HeaderOut = ["x-many", "content-type", "x-absent"] }, Url(site.First, "page"));

        Assert.Equal(["x-many", "content-type"], result.Headers!.Keys.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact(Timeout = 30_000)]
    public async Task AHostileServersHeadersAreCutToTheBoundAndTheRecordSaysSo()
    {
        FetchResult result = await FetchAsync(Asking(ResponseFields.Headers), Url(site.First, "big-headers"));

        IReadOnlyDictionary<string, string> headers = result.Headers!;
        Assert.True(result.HeadersTruncated);
        Assert.True(headers.Sum(h => h.Key.Length + h.Value.Length) <= Defaults.MaxRecordHeaderChars);
        Assert.Contains("x-big-0", headers.Keys);
        Assert.DoesNotContain("x-big-9", headers.Keys);
        Assert.Equal("kept", headers["x-small"]); // a small header after the cut still fits
    }

    [Fact(Timeout = 30_000)]
    public async Task TheBodyHashIsOfTheBodyAfterContentDecoding()
    {
        FetchResult packed = await FetchAsync(Asking(ResponseFields.BodySha256), Url(site.First, "gzip"));
        FetchResult plain = await FetchAsync(Asking(ResponseFields.BodySha256), Url(site.First, "page"));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(FactsSite.GzipBody)), packed.BodySha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("<title>facts</title>"u8)), plain.BodySha256);
    }

    [Fact(Timeout = 30_000)]
    public async Task ABodyTooLargeKeepsTheResponsesFactsButHasNoHashAndNoTotal()
    {
        FetchResult result = await FetchAsync(Asking(ResponseFields.All) with { MaxBytes = 10 }, Url(site.First, "page"));

        Assert.Equal(ErrorKind.TooLarge, result.Error?.Kind);
        Assert.Equal(site.First.Port, result.Port);
        Assert.Equal("one, two", result.Headers!["x-many"]);
        Assert.Null(result.BodySha256);
        Assert.NotNull(result.Timing);
        Assert.Null(result.Timing.Total);
    }

    [Fact(Timeout = 30_000)]
    public async Task ACheckHasTheResponsesFactsWithoutABodyHash()
    {
        FetchResult result = await FetchAsync(Asking(ResponseFields.All) with { CheckOnly = true }, Url(site.First, "page"));

        Assert.Equal(200, result.Status);
        Assert.Equal("text/html; charset=utf-8", result.Headers!["content-type"]);
        Assert.Null(result.BodySha256);
        Assert.True(result.Timing!.Total >= result.Timing.Ttfb);
    }

    [Fact(Timeout = 30_000)]
    public async Task TheRedirectsOfARunAreRecordedInTheRedirectChain()
    {
        FetchResult result = await FetchAsync(Asking(ResponseFields.Redirects), Url(site.First, "redirect"));

        Assert.Equal(200, result.Status);
        Assert.Equal([new RedirectHop(Url(site.First, "redirect"), 302), new RedirectHop(Url(site.First, "moved"), 301)], result.RedirectChain);
    }

    [Fact(Timeout = 30_000)]
    public async Task TlsFactsNameTheCertificateAndTheHandshakeIsTimed()
    {
        using var fetcher = new PageFetcher(Asking(ResponseFields.All));
        FetchResult first = await fetcher.FetchAsync(new Uri(Url(site.Https11, "page")), _abort.Token);
        FetchResult second = await fetcher.FetchAsync(new Uri(Url(site.Https11, "page")), _abort.Token);

        Assert.Null(first.Error);
        TlsFacts tls = first.Tls!;
        Assert.Matches("^TLSv1\\.[23]$", tls.Version);
        Assert.StartsWith("TLS_", tls.Cipher, StringComparison.Ordinal);
        Assert.Equal("CN=127.0.0.1", tls.Subject);
        Assert.Equal("CN=127.0.0.1", tls.Issuer);
        Assert.Equal(site.CertificateNotAfter.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), tls.NotAfter);
        Assert.Equal(FactsSite.CertificateDays, tls.DaysLeft);
        Assert.Equal(["localhost", "127.0.0.1"], tls.San);
        Assert.Equal("1.1", first.HttpVersion);
        Assert.Equal(site.Https11.Port, first.Port);
        ResponseTiming timing = first.Timing!;
        Assert.True(timing.Connect <= timing.Tls && timing.Tls <= timing.Ttfb, $"{timing}");
        Assert.Equal(first.Headers!["x-connection"], second.Headers!["x-connection"]);
        Assert.Equal(tls, second.Tls);
        Assert.True(second.Timing!.Reused);
        Assert.Null(second.Timing.Tls);
    }

    [Fact(Timeout = 30_000)]
    public async Task OverHttp2EachRequestFindsTheFactsOfItsConnection()
    {
        using var fetcher = new PageFetcher(Asking(ResponseFields.All));
        FetchResult first = await fetcher.FetchAsync(new Uri(Url(site.Https, "page")), _abort.Token);
        FetchResult[] more = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fetcher.FetchAsync(new Uri(Url(site.Https, "page")), _abort.Token)));

        Assert.Equal("2", first.HttpVersion);
        Assert.False(first.Timing!.Reused);
        Assert.NotNull(first.Timing.Tls);
        Assert.All(more, r =>
        {
            Assert.Equal("2", r.HttpVersion);
            Assert.Equal(site.Https.Port, r.Port);
            Assert.Equal("127.0.0.1", r.Ip);
            Assert.Equal(first.Tls, r.Tls);
            Assert.Equal(first.Headers!["x-connection"], r.Headers!["x-connection"]);
            Assert.True(r.Timing!.Reused);
        });
    }

    [Fact(Timeout = 30_000)]
    public async Task RequestsToAnHttp2AndAnHttp11ServerAtOnceEachGetTheirServersFacts()
    {
        using var fetcher = new PageFetcher(Asking(ResponseFields.Port | ResponseFields.HttpVersion | ResponseFields.Headers));
        Uri[] servers = [.. Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? site.Https : site.Https11)];

        FetchResult[] results = await Task.WhenAll(servers.Select(server => fetcher.FetchAsync(new Uri(Url(server, "page")), _abort.Token)));

        Assert.All(results.Zip(servers), pair =>
        {
            (FetchResult result, Uri server) = pair;
            Assert.Equal(server.Port, result.Port);
            Assert.Equal(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Headers!["x-port"]);
            Assert.Equal(server == site.Https ? "2" : "1.1", result.HttpVersion);
        });
    }

    [Fact(Timeout = 30_000)]
    public async Task TheFactsCrossTheWireUnderTheirNamesAfterTodaysFields()
    {
        FetchResult sent = await FetchAsync(Asking(ResponseFields.All) with { HeaderOut = ["x-many"] }, Url(site.Https11, "redirect"));

        string line = Encoding.UTF8.GetString(LineProtocol.EncodeResult(sent).Span);
        FetchResult received = JsonSerializer.Deserialize(line, ProtocolJson.Compact.FetchResult)!;
        using JsonDocument record = JsonDocument.Parse(line);

        Assert.Equal(
            ["redirect_chain", "ip", "port", "http_version", "headers", "timing", "body_sha256", "tls"],
            record.RootElement.EnumerateObject().Select(p => p.Name).SkipWhile(name => name != "redirect_chain"));
        Assert.Equal(["dns", "connect", "tls", "ttfb", "total", "reused"], record.RootElement.GetProperty("timing").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["version", "cipher", "subject", "issuer", "not_after", "days_left", "san"], record.RootElement.GetProperty("tls").EnumerateObject().Select(p => p.Name));
        Assert.Equal(sent.Headers, received.Headers);
        Assert.Equal(sent.Timing, received.Timing);
        Assert.Equal(sent.Tls!.San, received.Tls!.San);
        Assert.Equal(sent.BodySha256, received.BodySha256);
    }

    private async Task<FetchResult> FetchAsync(FetchOptions options, string url)
    {
        using var fetcher = new PageFetcher(options);
        return await fetcher.FetchAsync(new Uri(url), _abort.Token);
    }
}
