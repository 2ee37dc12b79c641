using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using WebFetch.Protocol;

namespace WebFetch.Fetching.Tls;

/// <summary>
/// The servers that asked for a client certificate when none was given (no <c>--cert</c>), kept
/// by connection target (<see cref="ConnectionTarget"/>), so that the failure of a server that
/// requires one is said in words. Under TLS 1.3 such a server refuses only after the handshake,
/// and the client sees a connection that ends ("the server did not complete the HTTP/2
/// handshake"), not a TLS error.
/// </summary>
internal sealed class ClientCertificateRequests
{
    private readonly ConcurrentDictionary<string, bool> _asked = new(StringComparer.Ordinal);

    /// <summary>
    /// For <see cref="SslClientAuthenticationOptions.LocalCertificateSelectionCallback"/>: notes
    /// the request, offers nothing. The callback is also called before every handshake, when
    /// nothing was asked and no server certificate is known yet: that call is not a request.
    /// </summary>
    public X509Certificate? Select(object sender, string targetHost, X509CertificateCollection localCertificates, X509Certificate? remoteCertificate, string[] acceptableIssuers)
    {
        if (remoteCertificate is not null && ConnectionTarget.Of(sender) is { } target)
        {
            _asked[target] = true;
        }
        return null;
    }

    /// <summary>
    /// The failure of a request to <paramref name="url"/> in words when its server asked for a
    /// client certificate and the connection then failed (a <c>tls</c> or <c>protocol</c> error),
    /// else <paramref name="error"/> as it is.
    /// </summary>
    public FetchError Explain(FetchError error, string url) =>
        error.Kind is ErrorKind.Tls or ErrorKind.Protocol && ConnectionTarget.Of(url).Any(_asked.ContainsKey)
            ? new FetchError(ErrorKind.Tls, $"the server asked for a client certificate and none was given (--cert FILE); then: {error.Message}")
            : error;
}
