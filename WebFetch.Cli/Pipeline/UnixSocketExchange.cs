using System.Collections.Concurrent;
using System.Net.Sockets;
using Mono.Unix.Native;
using Serilog;
using WebFetch.Protocol;
using WebFetch.Supervisor;

namespace WebFetch.Pipeline;

/// <summary>
/// A request over its own connection to the workers' Unix socket: connect, one request line,
/// one result line, close. A connect for which the parent has no descriptor left waits for one
/// of its connections to close (<see cref="WorkerConnector"/>). A listener that is not of this
/// run's user (SO_PEERCRED) gets no request.
/// </summary>
internal sealed class UnixSocketExchange(SocketEndpoint socket) : IWorkerExchange, IDisposable
{
    /// <summary>The user whose listener the workers inherit: SO_PEERCRED reports the effective uid of the process that called listen(2).</summary>
    private static readonly uint OwnUid = Syscall.geteuid();

    private readonly WorkerConnector _connector = new(socket.EndPoint);
    private readonly ConcurrentDictionary<int, bool> _foreignPeersReported = new();

    public async Task<FetchResult?> ExchangeAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        // Closed, not shut down: a NetworkStream owning its socket calls shutdown(2) first, a
        // wasted syscall and wake-up of the peer per URL; close(2) alone ends a connection whose
        // descriptor no other process holds.
        Socket connection = await _connector.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CheckPeer(connection);
            await using var stream = new NetworkStream(connection, ownsSocket: false);
            await LineProtocol.WriteAsync(stream, request, ProtocolJson.Compact.FetchRequest, cancellationToken).ConfigureAwait(false);
            return await LineProtocol.ReadAsync(stream, ProtocolJson.Compact.FetchResult, LineProtocol.MaxResultBytes, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            connection.Dispose();
            _connector.Closed();
        }
    }

    /// <summary>
    /// For a Unix socket, the client's SO_PEERCRED names the process that called listen(2).
    /// Whoever can write the socket's directory can move the socket aside and bind their own at
    /// its path: such a listener gets no request, and cannot answer for one. Warns once per
    /// foreign process; each URL's record says the rest.
    /// </summary>
    private void CheckPeer(Socket connection)
    {
        PeerCredentials peer = PeerCredentials.Of(connection);
        if (peer.Uid == OwnUid)
        {
            return;
        }
        if (_foreignPeersReported.TryAdd(peer.Pid, true))
        {
            Log.Warning("refused a connection to the workers' socket {Path}: it is listened on by pid {PeerPid} uid {PeerUid}, not by this run's uid {Uid}; another user may have replaced the socket",
                socket.Path, peer.Pid, peer.Uid, OwnUid);
        }
        throw new ForeignPeerException(peer,
            $"the workers' socket {socket.Path} is listened on by pid {peer.Pid} uid {peer.Uid}, not by this run (uid {OwnUid}): the URL was not sent to it");
    }

    public void Dispose() => _connector.Dispose();
}
