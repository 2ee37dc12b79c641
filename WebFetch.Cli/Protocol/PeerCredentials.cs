using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WebFetch.Protocol;

/// <summary>The pid, uid and gid of the process at the other end of a Unix socket (SO_PEERCRED).</summary>
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static PeerCredentials Of(Socket socket)
    {
        Span<byte> buffer = stackalloc byte[12];
        int length = socket.GetRawSocketOption(SolSocket, SoPeerCred, buffer);
        if (length != 12)
        {
            throw new SocketException((int)SocketError.ProtocolNotSupported);
        }
        return new PeerCredentials(
            MemoryMarshal.Read<int>(buffer),
            MemoryMarshal.Read<uint>(buffer[4..]),
            MemoryMarshal.Read<uint>(buffer[8..]));
    }
}
