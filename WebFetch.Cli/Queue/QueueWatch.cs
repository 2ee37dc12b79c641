using NATS.Client.Core;
using Serilog;

namespace WebFetch.Queue;

/// <summary>
/// Says, once each, when the connection to the queue server is lost and when it is back: the
/// client reconnects by itself, and a long-running agent keeps its URLs in flight meanwhile,
/// publishing their records and acknowledging their jobs once it can.
/// </summary>
internal sealed class QueueWatch : IDisposable
{
    private readonly INatsConnection _connection;
    private readonly string _server;
    private int _lost;

    public QueueWatch(INatsConnection connection, string server)
    {
        _connection = connection;
        _server = server;
        connection.ConnectionDisconnected += OnDisconnected;
        connection.ConnectionOpened += OnOpened;
    }

    /// <summary>Whether the connection is up now.</summary>
    public bool IsConnected => _connection.ConnectionState == NatsConnectionState.Open;

    private ValueTask OnDisconnected(object? sender, NatsEventArgs args)
    {
        if (Interlocked.Exchange(ref _lost, 1) == 0)
        {
            Log.Warning("lost the queue server at {Server} ({Reason}); reconnecting: the URLs in flight go on, and their records are published once it is back",
                _server, args.Message);
        }
        return ValueTask.CompletedTask;
    }

    private ValueTask OnOpened(object? sender, NatsEventArgs args)
    {
        if (Interlocked.Exchange(ref _lost, 0) == 1)
        {
            Log.Information("the queue server at {Server} is back", _server);
        }
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _connection.ConnectionDisconnected -= OnDisconnected;
        _connection.ConnectionOpened -= OnOpened;
    }
}
