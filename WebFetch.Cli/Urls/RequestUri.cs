using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace WebFetch.Urls;

/// <summary>
/// The <see cref="Uri"/> an HTTP request for a <see cref="WebUrl"/> is made with: its
/// <see cref="WebUrl.RequestUrl"/> (no credentials, no fragment), with System.Uri's
/// canonicalization of path and query turned off, so that they go out byte for byte as the
/// URL Standard serialised them. Checked to name the same host, port, path and query: a URL
/// whose host the URL Standard accepts but System.Uri does not (<c>a~b.com</c>, <c>a..b</c>)
/// cannot be requested, and says so, rather than go out as another request.
/// </summary>
internal static class RequestUri
{
    private static readonly UriCreationOptions AsWritten = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public static bool TryCreate(WebUrl url, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? error)
    {
        if (!Uri.TryCreate(url.RequestUrl, in AsWritten, out uri) || !uri.IsAbsoluteUri)
        {
            uri = null;
            error = $"the host '{url.Host}' is valid in a URL but cannot be requested: the HTTP client does not accept it";
            return false;
        }
        string host = uri.HostNameType == UriHostNameType.IPv6 ? "[" + uri.IdnHost + "]" : uri.IdnHost;
        if (uri.Scheme != url.Scheme || !SameHost(host, url.Host) || uri.Port != url.EffectivePort)
        {
            error = $"the host '{url.Host}' is valid in a URL but cannot be requested: the HTTP client would send '{host}'";
            uri = null;
            return false;
        }
        if (!string.Equals(uri.PathAndQuery, url.PathAndQuery, StringComparison.Ordinal))
        {
            error = $"the path and query '{url.PathAndQuery}' are valid in a URL but cannot be requested as written: the HTTP client would send '{uri.PathAndQuery}'";
            uri = null;
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>
    /// The same text, or for IPv6 the same address: System.Uri writes an address whose last 32
    /// bits could be IPv4 in the mixed form (<c>[::127.0.0.1]</c> for <c>[::7f00:1]</c>).
    /// </summary>
    private static bool SameHost(string sent, string parsed) =>
        string.Equals(sent, parsed, StringComparison.Ordinal)
        || (parsed.StartsWith('[') && IPAddress.TryParse(sent.Trim('[', ']'), out IPAddress? a) && IPAddress.TryParse(parsed.Trim('[', ']'), out IPAddress? b) && a.Equals(b));
}
