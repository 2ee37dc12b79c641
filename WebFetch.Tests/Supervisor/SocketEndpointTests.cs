using System.Net.Sockets;
using Mono.Unix.Native;
using WebFetch.Supervisor;
using Xunit;

namespace WebFetch.Tests.Supervisor;

public sealed class SocketEndpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("webfetch-endpoint-test-").FullName;

    private string SocketPath => Path.Combine(_directory, "w.sock");

    [Fact]
    public void ItsSocketFileIsRemovedWhenItEnds()
    {
        SocketEndpoint endpoint = SocketEndpoint.Create(SocketPath, backlog: 8);
        Assert.Null(endpoint.Lost());

        endpoint.Dispose();

        Assert.False(Exists(SocketPath));
    }

    [Fact]
    public void ASocketFileRemovedIsSaidRemoved()
    {
        using SocketEndpoint endpoint = SocketEndpoint.Create(SocketPath, backlog: 8);

        File.Delete(SocketPath);

        Assert.Equal($"the workers' socket {SocketPath} was removed", endpoint.Lost());
    }

    /// <summary>
    /// The runtime removes the path a socket was bound to when the socket is disposed, whatever
    /// is there by then; the endpoint removes it only while it is its own.
    /// </summary>
    [Fact]
    public void ASocketRemovedAndBoundAgainByAnotherProcessIsSeenAsReplacedAndLeftInPlace()
    {
        SocketEndpoint endpoint = SocketEndpoint.Create(SocketPath, backlog: 8);
        File.Delete(SocketPath);
        using var other = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        other.Bind(new UnixDomainSocketEndPoint(SocketPath));

        string? lost = endpoint.Lost();
        endpoint.Dispose();

        Assert.StartsWith($"the workers' socket {SocketPath} was replaced by another file", lost, StringComparison.Ordinal);
        Assert.True(Exists(SocketPath), "the other process's socket was removed");
    }

    private static bool Exists(string path) => Syscall.lstat(path, out _) == 0;

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
