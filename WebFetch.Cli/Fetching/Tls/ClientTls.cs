using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using WebFetch.Protocol;

namespace WebFetch.Fetching.Tls;

/// <summary>
/// The TLS of one fetcher's connections, from its options (issue 19): the server's certificate
/// checked against the system's CAs or, with <c>--cacert</c>, against those of the file only (as
/// curl does), refusals said in plain words (<see cref="CertificateWords"/>), or not checked with
/// <c>--insecure</c>; the client certificate of <c>--cert</c> and <c>--key</c> offered to a server
/// that asks for one; and the expiry of each server's certificate kept for <c>--cert-warn</c>.
/// The files are read once, when the fetcher is made.
/// </summary>
/// <remarks>
/// Without <c>--cert</c> no certificate selection callback is set, though one would tell a
/// server that requires a client certificate (under TLS 1.3 it refuses only after the
/// handshake, and the failure reads as a connection that ended): on Linux such a callback turns
/// off the resumption of TLS sessions for every connection of the fetcher.
/// </remarks>
internal sealed class ClientTls : IDisposable
{
    private readonly bool _insecure;
    private readonly X509Certificate2Collection? _authorities;
    private readonly X509ChainPolicy? _trust;
    private readonly ClientCertificate? _client;
    private readonly SslStreamCertificateContext? _clientContext;
    private readonly CertificateExpiry? _expiry;

    /// <summary>Reads the files the options name; throws a <see cref="CertificateFileException"/> when one cannot be used.</summary>
    public ClientTls(FetchOptions options, TimeProvider time)
    {
        _insecure = options.Insecure;
        _expiry = options.CertWarnDays is int days ? new CertificateExpiry(days, time) : null;
        try
        {
            if (options.CaCertFile is not null)
            {
                _authorities = CertificateFiles.ReadCaBundle(options.CaCertFile);
                _trust = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = X509RevocationMode.NoCheck, // as without --cacert: no request to a CA's server in a handshake
                    DisableCertificateDownloads = true,
                };
                _trust.CustomTrustStore.AddRange(_authorities);
            }
            if (options.ClientCertFile is not null)
            {
                _client = CertificateFiles.ReadClientCertificate(options.ClientCertFile, options.ClientKeyFile);
                _clientContext = SslStreamCertificateContext.Create(_client.Certificate, _client.Chain, offline: true);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Sets the options of every handshake of a handler: the trust, the client certificate, the check.</summary>
    public void Apply(SslClientAuthenticationOptions ssl)
    {
        if (_trust is not null)
        {
            ssl.CertificateChainPolicy = _trust;
        }
        if (_clientContext is not null)
        {
            ssl.ClientCertificateContext = _clientContext;
        }
        ssl.RemoteCertificateValidationCallback = Check;
    }

    /// <summary>The <see cref="ErrorKind.CertExpiring"/> error for a response from <paramref name="finalUrl"/>, or null (also without <c>--cert-warn</c>).</summary>
    public FetchError? ExpiryError(string finalUrl) => _expiry?.ErrorFor(finalUrl);

    private bool Check(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        _expiry?.Record(sender, certificate);
#pragma warning disable CA5359 // accepting any certificate is exactly what --insecure asks for; off by default
        return _insecure || CertificateWords.Check(sender, certificate, chain, errors);
#pragma warning restore CA5359
    }

    public void Dispose()
    {
        _client?.Dispose();
        if (_authorities is not null)
        {
            foreach (X509Certificate2 authority in _authorities)
            {
                authority.Dispose();
            }
        }
    }
}
