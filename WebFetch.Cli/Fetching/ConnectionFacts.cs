using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace WebFetch.Fetching;

/// <summary>
/// What one connection learnt while it was opened (<c>--fields</c>, issue 19): when its name was
/// resolved, its TCP connection made and its TLS handshake done (<see cref="Stopwatch"/>
/// timestamps), the server's address, the HTTP version and TLS it negotiated, and the request
/// whose need opened it. Filled once, before the connection carries a request, then only read.
/// </summary>
internal sealed class ConnectionFacts
{
    /// <summary>The facts of the connection being opened in this flow, for <see cref="HappyEyeballs"/> to stamp the name resolution in.</summary>
    private static readonly AsyncLocal<ConnectionFacts?> Opening = new();

    public long ConnectStartedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>When the host name was resolved (an IP address: at once); 0 if never seen.</summary>
    public long NameResolvedAt { get; private set; }

    public long ConnectedAt { get; private set; }

    /// <summary>When the TLS handshake was done; 0 for a connection without TLS.</summary>
    public long TlsDoneAt { get; private set; }

    public IPAddress? Address { get; private set; }

    public int? Port { get; private set; }

    /// <summary>The TLS of the connection, when it has TLS: version, cipher, certificate.</summary>
    public TlsOfConnection? Tls { get; private set; }

    /// <summary>The HTTP version negotiated; HTTP/1.1 until the connection is set up.</summary>
    public Version HttpVersion { get; private set; } = System.Net.HttpVersion.Version11;

    /// <summary>The request whose need opened the connection; the only one whose timing counts its opening.</summary>
    public RequestFacts? Opener { get; private set; }

    /// <summary>Makes <paramref name="facts"/> the connection being opened in this flow (an async method's own: it ends with it).</summary>
    public static void BeginOpening(ConnectionFacts facts) => Opening.Value = facts;

    /// <summary>The host name of the connection being opened in this flow, if any, is resolved now.</summary>
    public static void NameResolved()
    {
        if (Opening.Value is { } facts)
        {
            facts.NameResolvedAt = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>The TCP connection is made, through <paramref name="stream"/>'s socket.</summary>
    public void Connected(Stream stream)
    {
        ConnectedAt = Stopwatch.GetTimestamp();
        if (NameResolvedAt == 0)
        {
            NameResolvedAt = ConnectedAt; // a connect callback that does not say: the resolution is within the connect
        }
        if (stream is NetworkStream { Socket.RemoteEndPoint: IPEndPoint remote })
        {
            Address = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
            Port = remote.Port;
        }
    }

    /// <summary>The connection is set up over <paramref name="plaintext"/> (an <see cref="SslStream"/> when it has TLS), for <paramref name="opener"/>.</summary>
    public void SetUp(Stream plaintext, Version httpVersion, RequestFacts? opener, bool tlsFacts)
    {
        HttpVersion = httpVersion;
        Opener = opener;
        if (plaintext is SslStream ssl)
        {
            TlsDoneAt = Stopwatch.GetTimestamp();
            if (tlsFacts)
            {
                Tls = TlsOfConnection.Of(ssl);
            }
        }
    }
}
