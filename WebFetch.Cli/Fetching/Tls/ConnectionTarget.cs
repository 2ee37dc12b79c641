using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace WebFetch.Fetching.Tls;

/// <summary>
/// The target of a TLS connection, host and port, as a key: taken from the <see cref="SslStream"/>
/// of a handshake's callbacks, and from a response's URL to find what its connection's handshake
/// saw. The port is the connected socket's (the stream under the handshake's, which only a
/// derived class may read: an accessor the compiler binds, safe under trimming and NativeAOT).
/// Through a proxy's tunnel the socket is the proxy's, so the key has the host alone (<c>host:*</c>),
/// and a URL's lookup falls back to it.
/// </summary>
internal static class ConnectionTarget
{
    /// <summary>The key of the connection a handshake callback's <paramref name="sender"/> makes, or null when it is not an <see cref="SslStream"/> with a host.</summary>
    public static string? Of(object sender)
    {
        if (sender is not SslStream { TargetHostName: { Length: > 0 } host } stream)
        {
            return null;
        }
        int? port = (InnerStream(stream) as NetworkStream)?.Socket.RemoteEndPoint is IPEndPoint remote ? remote.Port : null;
        return Key(host, port);
    }

    /// <summary>The keys a response from <paramref name="url"/> is looked up by, the one with the port first; none for a URL that is not https.</summary>
    public static string[] Of(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? parsed) && parsed.Scheme == Uri.UriSchemeHttps
            ? [Key(parsed.IdnHost, parsed.Port), Key(parsed.IdnHost, null)]
            : [];

    /// <summary>The host as the handshake names it (lower case, an IPv6 address without brackets), and the port or <c>*</c>.</summary>
    private static string Key(string host, int? port) =>
        $"{host.Trim('[', ']').ToLowerInvariant()}:{(port is int p ? p.ToString(CultureInfo.InvariantCulture) : "*")}";

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_InnerStream")]
    private static extern Stream InnerStream(AuthenticatedStream stream);
}
