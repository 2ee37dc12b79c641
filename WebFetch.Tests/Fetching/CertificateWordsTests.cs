using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>
/// A refused certificate in plain words (issue 19), against Kestrel on 127.0.0.1 serving
/// certificates the test makes: self-signed, expired, not yet valid, for another host.
/// </summary>
public sealed class CertificateWordsTests : IDisposable
{
    private readonly CancellationTokenSource _abort = new(TimeSpan.FromSeconds(60));

    public void Dispose() => _abort.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task ASelfSignedCertificateIsAnUnknownIssuer()
    {
        FetchError? error = await ErrorServedWithAsync(Certificate(names => names.AddIpAddress(IPAddress.Loopback), from: -1, to: 30));

        Assert.Equal(ErrorKind.Tls, error?.Kind);
        Assert.Equal("unknown issuer (self-signed or an untrusted CA)", error?.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnExpiredCertificateSaysOnWhichDay()
    {
        DateTimeOffset expired = DateTimeOffset.UtcNow.AddDays(-2);
        FetchError? error = await ErrorServedWithAsync(Certificate(names => names.AddIpAddress(IPAddress.Loopback), from: -30, to: -2));

        Assert.Equal(ErrorKind.Tls, error?.Kind);
        Assert.StartsWith($"certificate expired on {expired:yyyy-MM-dd}", error?.Message, StringComparison.Ordinal);
        Assert.Contains("unknown issuer", error?.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task ACertificateNotYetValidSaysSo()
    {
        FetchError? error = await ErrorServedWithAsync(Certificate(names => names.AddIpAddress(IPAddress.Loopback), from: 2, to: 30));

        Assert.StartsWith("certificate not yet valid (valid from ", error?.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task ACertificateForAnotherHostNamesBoth()
    {
        FetchError? error = await ErrorServedWithAsync(Certificate(names => names.AddDnsName("elsewhere.invalid"), from: -1, to: 30));

        Assert.Equal(ErrorKind.Tls, error?.Kind);
        Assert.StartsWith("certificate for elsewhere.invalid is not valid for host 127.0.0.1", error?.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateCheckWithNoErrorPasses()
    {
        using X509Certificate2 certificate = Certificate(names => names.AddDnsName("a.invalid"), from: -1, to: 1);

        Assert.True(CertificateWords.Check(new object(), certificate, null, System.Net.Security.SslPolicyErrors.None));
        Assert.Equal("the server sent no certificate",
            CertificateWords.Describe("a.invalid", null, null, System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable, DateTime.UtcNow));
    }

    [Fact]
    public void TheClassifierGivesTheWordsOfTheCheckNotTheHandlersWrapping()
    {
        var failure = new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.",
            new CertificateProblemException("unknown issuer (self-signed or an untrusted CA)"));

        FetchError error = FailureClassifier.Classify(failure, timedOut: false);

        Assert.Equal(new FetchError(ErrorKind.Tls, "unknown issuer (self-signed or an untrusted CA)"), error);
    }

    /// <summary>The error of a fetch from a server on 127.0.0.1 that serves <paramref name="certificate"/>.</summary>
    private async Task<FetchError?> ErrorServedWithAsync(X509Certificate2 certificate)
    {
        using (certificate)
        {
            using X509Certificate2 serving = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
            await using WebApplication app = await LoopbackServer.StartAsync(
                k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serving)),
                app => app.MapGet("/", () => Results.Content("<title>ok</title>", "text/html")));
            using var fetcher = new PageFetcher(new FetchOptions { Retries = 0 });
            FetchResult result = await fetcher.FetchAsync(new Uri(app.Urls.First() + "/"), _abort.Token);
            return result.Error;
        }
    }

    /// <summary>A self-signed certificate for the names <paramref name="name"/> adds, valid from and to these days from now.</summary>
    private static X509Certificate2 Certificate(Action<SubjectAlternativeNameBuilder> name, int from, int to)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=webfetch test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        name(names);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(from), DateTimeOffset.UtcNow.AddDays(to));
    }
}
