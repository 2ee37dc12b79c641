using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WebFetch.Tests.Support;

/// <summary>
/// A tiny HTTP/1.1 server listening on many ports of 127.0.0.1 at once: every port is another
/// origin, so a client keeps a connection pool per port. Every answer is a small page with
/// keep-alive, and a connection stays open until the client closes it, so a client's idle
/// connections pile up as they would across many hosts.
/// </summary>
public sealed class ManyOriginSite : IAsyncDisposable
{
    private readonly List<TcpListener> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();

    private ManyOriginSite()
    {
    }

    /// <summary>One URL on each port.</summary>
    public IReadOnlyList<string> Urls => _listeners.Select(l => $"http://127.0.0.1:{((IPEndPoint)l.LocalEndpoint).Port}/").ToList();

    public static string TitleOf(string url) => $"Origin {new Uri(url).Port}";

    public static ManyOriginSite Start(int origins)
    {
        var site = new ManyOriginSite();
        try
        {
            for (int i = 0; i < origins; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                site._listeners.Add(listener);
                listener.Start(backlog: 64);
                site._loops.Add(site.AcceptLoopAsync(listener));
            }
            return site;
        }
        catch
        {
            site.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                Socket socket = await listener.AcceptSocketAsync(_stop.Token);
                connections.Add(ServeAsync(socket, ((IPEndPoint)listener.LocalEndpoint).Port));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket, int port)
    {
        using (socket)
        {
            byte[] body = Encoding.UTF8.GetBytes($"<!doctype html><title>Origin {port}</title><p>hello</p>");
            byte[] head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: keep-alive\r\n\r\n");
            var buffer = new byte[8192];
            int held = 0;
            try
            {
                while (true)
                {
                    int read = await socket.ReceiveAsync(buffer.AsMemory(held), _stop.Token);
                    if (read == 0)
                    {
                        return; // the client closed it
                    }
                    held += read;
                    int end;
                    while ((end = IndexOfHeadEnd(buffer.AsSpan(0, held))) >= 0)
                    {
                        await socket.SendAsync(head, _stop.Token);
                        await socket.SendAsync(body, _stop.Token);
                        buffer.AsSpan(end, held - end).CopyTo(buffer);
                        held -= end;
                    }
                    if (held == buffer.Length)
                    {
                        return; // no request is that long
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // stopped, or the client reset it
            }
        }
    }

    /// <summary>The length of the first request head in <paramref name="bytes"/> (a GET has no body), or -1.</summary>
    private static int IndexOfHeadEnd(ReadOnlySpan<byte> bytes)
    {
        int at = bytes.IndexOf("\r\n\r\n"u8);
        return at < 0 ? -1 : at + 4;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (TcpListener listener in _listeners)
        {
            listener.Stop();
        }
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
