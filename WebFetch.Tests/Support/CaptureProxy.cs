using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// An HTTP proxy on 127.0.0.1 that forwards nothing: it records the request line and Host
/// header of each request exactly as they arrived (bytes read as Latin-1, so nothing is
/// hidden), answers a plain request with a tiny page whose title is the capture's number,
/// and refuses a CONNECT with 403. A target given to <see cref="Redirect"/> is answered with
/// a 302 to the Location given, sent as UTF-8 bytes. With it as the proxy, a client names the whole URL it
/// requests in the request line (or the host and port in a CONNECT) and looks up no name.
/// </summary>
public sealed class CaptureProxy : IAsyncLifetime, IDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, CapturedRequest> _captures = new();
    private readonly ConcurrentDictionary<string, string> _redirects = new(StringComparer.Ordinal);
    private int _count;
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary>The proxy URL, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static string TitleOf(int number) => string.Create(CultureInfo.InvariantCulture, $"capture {number}");

    /// <summary>The requests seen so far, in arrival order.</summary>
    public IReadOnlyList<CapturedRequest> Requests =>
        [.. _captures.OrderBy(c => c.Key).Select(c => c.Value)];

    public CapturedRequest? ByTitle(string? title) =>
        title is not null && title.StartsWith("capture ", StringComparison.Ordinal)
        && int.TryParse(title.AsSpan(8), CultureInfo.InvariantCulture, out int number) && _captures.TryGetValue(number, out CapturedRequest? request)
            ? request
            : null;

    /// <summary>From now on, a request for <paramref name="target"/> (the whole URL) is answered with a 302 to <paramref name="location"/>.</summary>
    public void Redirect(string target, string location) => _redirects[target] = location;

    public Task InitializeAsync()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        Dispose();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket = await _listener.AcceptSocketAsync(_stop.Token);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                string? head = await ReadHeadAsync(socket, timeout.Token);
                if (head is null)
                {
                    return;
                }
                string[] lines = head.Split("\r\n");
                string? host = lines.Skip(1).Where(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => l[5..].Trim(' ', '\t')).FirstOrDefault();
                int number = Interlocked.Increment(ref _count);
                _captures[number] = new CapturedRequest(number, lines[0], host);
                string response;
                if (lines[0].StartsWith("CONNECT ", StringComparison.Ordinal))
                {
                    response = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                }
                else if (_redirects.TryGetValue(new CapturedRequest(number, lines[0], host).Target, out string? location))
                {
                    response = $"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                }
                else
                {
                    string body = $"<!doctype html><title>{TitleOf(number)}</title>";
                    response = $"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                }
                await socket.SendAsync(Encoding.UTF8.GetBytes(response), SocketFlags.None, timeout.Token);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // the client went away or the proxy stops: nothing to record
            }
        }
    }

    private static async Task<string?> ReadHeadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var buffer = new byte[4096];
        while (head.Count < MaxHeadBytes)
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return null;
            }
            head.AddRange(buffer.AsSpan(0, read));
            int end = Encoding.Latin1.GetString([.. head]).IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                return Encoding.Latin1.GetString([.. head], 0, end);
            }
        }
        return null;
    }
}
