using Microsoft.Extensions.Time.Testing;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching.Tls;

/// <summary>The TLS options in a fetcher (issue 19), against Kestrel on 127.0.0.1 with the test CA's certificates.</summary>
public sealed class ClientTlsTests(TlsSite site) : IClassFixture<TlsSite>, IDisposable
{
    private readonly CancellationTokenSource _abort = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _abort.Dispose();

    private TestCertificates Files => site.Certificates;

    [Fact(Timeout = 30_000)]
    public async Task AServerSignedByTheCaOfCacertIsTrusted()
    {
        FetchResult result = await FetchAsync(new FetchOptions { CaCertFile = Files.CaFile }, site.Trusted);

        Assert.Null(result.Error);
        Assert.Equal(200, result.Status);
        Assert.Equal(TlsSite.Title, result.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task WithoutCacertTheTestCaIsAnUnknownIssuer()
    {
        FetchResult result = await FetchAsync(new FetchOptions(), site.Trusted);

        Assert.Equal(ErrorKind.Tls, result.Error?.Kind);
        Assert.Equal("unknown issuer (self-signed or an untrusted CA)", result.Error?.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task CacertReplacesTheTrustedCasRatherThanAddingOne()
    {
        // A bundle of a certificate that signed nothing here: the test CA is not trusted through it.
        string other = Files.Write("other-ca.pem", Files.Client.ExportCertificatePem());

        FetchResult result = await FetchAsync(new FetchOptions { CaCertFile = other }, site.Trusted);

        Assert.Equal(ErrorKind.Tls, result.Error?.Kind);
        Assert.Contains("unknown issuer", result.Error?.Message, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("separate files")]
    [InlineData("one PEM file")]
    [InlineData("PKCS#12")]
    public async Task AClientCertificateIsShownToAServerThatRequiresOne(string form)
    {
        FetchOptions options = form switch
        {
            "separate files" => new FetchOptions { ClientCertFile = Files.ClientCertFile, ClientKeyFile = Files.ClientKeyFile },
            "one PEM file" => new FetchOptions { ClientCertFile = Files.ClientBothFile },
            _ => new FetchOptions { ClientCertFile = Files.ClientPkcs12File },
        };

        FetchResult result = await FetchAsync(options with { CaCertFile = Files.CaFile }, site.ClientCertRequired);

        Assert.Null(result.Error);
        Assert.Equal(TestCertificates.ClientSubject, result.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task WithoutAClientCertificateTheServerThatRequiresOneRefuses()
    {
        FetchResult result = await FetchAsync(new FetchOptions { CaCertFile = Files.CaFile }, site.ClientCertRequired);

        Assert.NotNull(result.Error); // under TLS 1.3 the server refuses after the handshake: a tls or protocol error
        Assert.Null(result.Title);
    }

    [Fact(Timeout = 30_000)]
    public async Task ACertificateThatExpiresWithinTheDaysIsAnErrorThatKeepsTheResponse()
    {
        FetchResult result = await FetchAsync(new FetchOptions { CaCertFile = Files.CaFile, CertWarnDays = 7 }, site.Expiring);

        Assert.Equal(ErrorKind.CertExpiring, result.Error?.Kind);
        Assert.Equal(200, result.Status);
        Assert.Equal(TlsSite.Title, result.Title);
        string day = Files.Expiring.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"the certificate of 127.0.0.1:{site.Expiring.Port} expires on {day} UTC, in 4 days (--cert-warn 7)", result.Error?.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task ACertificateWithMoreDaysLeftPasses()
    {
        FetchResult result = await FetchAsync(new FetchOptions { CaCertFile = Files.CaFile, CertWarnDays = 3 }, site.Expiring);

        Assert.Null(result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task TheDaysLeftAreCountedOnTheFetchersClock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(28)); // the 30-day certificate has a day left then
        using var fetcher = new PageFetcher(new FetchOptions { CaCertFile = Files.CaFile, CertWarnDays = 7, Retries = 0 }, time: clock);

        FetchResult first = await fetcher.FetchAsync(site.Trusted, _abort.Token);
        FetchResult second = await fetcher.FetchAsync(new Uri(site.Trusted, "again"), _abort.Token); // over the same connection

        Assert.Equal(ErrorKind.CertExpiring, first.Error?.Kind);
        Assert.EndsWith(", in 1 day (--cert-warn 7)", first.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(first.Error, second.Error);
    }

    private async Task<FetchResult> FetchAsync(FetchOptions options, Uri url)
    {
        using var fetcher = new PageFetcher(options with { Retries = 0 });
        return await fetcher.FetchAsync(url, _abort.Token);
    }
}
