using WebFetch.Protocol;

namespace WebFetch.Supervisor;

/// <summary>
/// The process listening at the other end of a connection to the workers' socket belongs to
/// another user: the socket at the path is not this run's. The connection is closed unused.
/// </summary>
internal sealed class ForeignPeerException(PeerCredentials peer, string message) : Exception(message)
{
    public PeerCredentials Peer { get; } = peer;
}
