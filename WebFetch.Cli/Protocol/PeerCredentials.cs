using System.Net.Sockets;
using System.Runtime.InteropServices;
using Mono.Unix.Native;
using WebFetch.Interop;

namespace WebFetch.Protocol;

/// <summary>The pid, uid and gid of the process at the other end of a Unix socket (SO_PEERCRED).</summary>
internal readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    public static PeerCredentials Of(Socket socket)
    {
        Span<byte> buffer = stackalloc byte[12];
        int length = socket.GetRawSocketOption(Libc.SOL_SOCKET, (int)UnixSocketOptionName.SO_PEERCRED, buffer);
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
