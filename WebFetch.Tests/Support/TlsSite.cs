using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// Kestrel on 127.0.0.1 over HTTPS with the <see cref="TestCertificates"/>: one listener with
/// the CA-signed server certificate, one with the certificate that expires in 5 days, and one
/// that requires a client certificate signed by the test CA and answers with its subject in
/// the page's title. Every page's title is "tls site" otherwise.
/// </summary>
public sealed class TlsSite : IAsyncLifetime
{
    public const string Title = "tls site";

    private WebApplication? _site;

    public TestCertificates Certificates { get; } = new();

    /// <summary>The server certificate signed by the test CA.</summary>
    public Uri Trusted { get; private set; } = null!;

    /// <summary>The certificate that expires in 5 days.</summary>
    public Uri Expiring { get; private set; } = null!;

    /// <summary>A client certificate signed by the test CA is required; the title is its subject.</summary>
    public Uri ClientCertRequired { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var ports = new int[3];
        _site = await LoopbackServer.StartAsync(k =>
        {
            k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Certificates.Server));
            k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Certificates.Expiring));
            k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = Certificates.Server,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (certificate, _, _) => SignedByTheTestCa(certificate),
            }));
        }, app => app.MapGet("/{*path}", (HttpContext context) =>
            Results.Content($"<title>{WebUtility.HtmlEncode(context.Connection.ClientCertificate?.Subject ?? Title)}</title>", "text/html; charset=utf-8")));
        string[] urls = [.. _site.Urls];
        Trusted = new Uri(urls[0] + "/");
        Expiring = new Uri(urls[1] + "/");
        ClientCertRequired = new Uri(urls[2] + "/");
    }

    private bool SignedByTheTestCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(Certificates.Authority);
        return chain.Build(certificate);
    }

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.StopAsync();
            await _site.DisposeAsync();
        }
        Certificates.Dispose();
    }
}
