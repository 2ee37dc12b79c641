using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>Asks a running worker directly on its socket, as a queue agent's or a crawl's parent asks it.</summary>
internal static class WorkerSocket
{
    /// <summary>Sends one request line on the workers' socket and reads the one answer line.</summary>
    public static async Task<JsonElement> AskAsync(string socketPath, long id, string url, string? options, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
        await socket.SendAsync(LineProtocol.Encode(new FetchRequest(id, url, Options: options), ProtocolJson.Compact.FetchRequest), cancellationToken);
        var answer = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            int read = await socket.ReceiveAsync(buffer, cancellationToken);
            answer.Write(buffer, 0, read);
            if (read == 0 || buffer.AsSpan(0, read).Contains((byte)'\n'))
            {
                break;
            }
        }
        string line = Encoding.UTF8.GetString(answer.ToArray()).TrimEnd('\n');
        Assert.False(string.IsNullOrEmpty(line), $"no answer to request {id}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }
}
