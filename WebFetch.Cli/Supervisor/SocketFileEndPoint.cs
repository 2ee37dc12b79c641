using System.Net;
using System.Net.Sockets;

namespace WebFetch.Supervisor;

/// <summary>
/// A Unix socket's path to bind to, which the runtime does not take as its own: a socket bound to
/// a <see cref="UnixDomainSocketEndPoint"/> deletes whatever is at that path when it is disposed,
/// even a file that took its place (another process's socket, bound after this one's was
/// removed). <see cref="SocketEndpoint"/> removes its socket file itself, and only when it is
/// still its own.
/// </summary>
internal sealed class SocketFileEndPoint(string path) : EndPoint
{
    private readonly UnixDomainSocketEndPoint _address = new(path);

    public override AddressFamily AddressFamily => AddressFamily.Unix;

    public override SocketAddress Serialize() => _address.Serialize();

    public override EndPoint Create(SocketAddress socketAddress) => _address.Create(socketAddress);

    public override string ToString() => _address.ToString();
}
