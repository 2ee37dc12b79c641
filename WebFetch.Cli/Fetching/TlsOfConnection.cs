using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// The TLS a connection negotiated and the certificate its server presented, read once when
/// the handshake is done (<c>--fields tls</c>); <see cref="FactsAt"/> gives the record's
/// <see cref="TlsFacts"/>, whose days left count from the fetch, not from the handshake.
/// </summary>
internal sealed record TlsOfConnection(string Version, string Cipher, string? Subject, string? Issuer, DateTime? NotAfterUtc, IReadOnlyList<string>? San)
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    public static TlsOfConnection Of(SslStream ssl)
    {
        X509Certificate? remote = ssl.RemoteCertificate;
        X509Certificate2? certificate = remote as X509Certificate2
            ?? (remote is null ? null : X509CertificateLoader.LoadCertificate(remote.GetRawCertData()));
        try
        {
            return new TlsOfConnection(
                VersionName(ssl.SslProtocol),
                ssl.NegotiatedCipherSuite.ToString(),
                certificate?.Subject,
                certificate?.Issuer,
                certificate?.NotAfter.ToUniversalTime(),
                certificate is null ? null : AlternativeNames(certificate));
        }
        finally
        {
            if (!ReferenceEquals(certificate, remote))
            {
                certificate?.Dispose(); // a copy made here; the stream owns its own
            }
        }
    }

    /// <summary>The facts as a record carries them, the days left counted from <paramref name="now"/>.</summary>
    public TlsFacts FactsAt(DateTime nowUtc) => new(
        Version,
        Cipher,
        Subject,
        Issuer,
        NotAfterUtc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        NotAfterUtc is { } notAfter ? (int)Math.Floor((notAfter - nowUtc).TotalDays) : null,
        San);

    /// <summary>The protocol as OpenSSL and curl name it: <c>TLSv1.2</c>, <c>TLSv1.3</c>.</summary>
    private static string VersionName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
#pragma warning disable CA5397, SYSLIB0039 // named, not chosen: an old server may still negotiate them
        SslProtocols.Tls11 => "TLSv1.1",
        SslProtocols.Tls => "TLSv1",
#pragma warning restore CA5397, SYSLIB0039
        _ => protocol.ToString(),
    };

    /// <summary>The DNS names and IP addresses of the certificate's subject alternative names, in its order; empty when it has none.</summary>
    private static string[] AlternativeNames(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAlternativeNameOid)
            {
                continue;
            }
            var san = extension as X509SubjectAlternativeNameExtension ?? new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
            names.AddRange(san.EnumerateDnsNames());
            names.AddRange(san.EnumerateIPAddresses().Select(address => address.ToString()));
        }
        return [.. names];
    }
}
