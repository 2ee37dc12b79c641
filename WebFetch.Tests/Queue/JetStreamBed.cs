using NATS.Client.Core;
using NATS.Client.JetStream;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

/// <summary>
/// What a test of one queue part needs: a real nats-server of its own, a connection to it, the
/// queue's streams and consumer (one replica), and a time bound for the test's waits, started and
/// disposed with the test class's own lifetime: disposing it closes the connection, stops the
/// server (its store goes with it) and the bound.
/// </summary>
internal sealed class JetStreamBed : IAsyncLifetime
{
    private NatsServer? _server;
    private NatsConnection? _connection;

    public CancellationTokenSource Timeout { get; } = new(TimeSpan.FromSeconds(30));

    public NatsConnection Connection => _connection ?? throw new InvalidOperationException("the bed is not started");

    public NatsJSContext Js { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var server = new NatsServer();
        _server = server; // disposed by DisposeAsync, which the test class's lifetime calls whatever happens here
        (_connection, Js) = await QueueConnection.OpenAsync(QueueAddress.Parse(server.Url), "test", TimeSpan.FromSeconds(5), Timeout.Token);
        await new QueueTopology(1, TimeSpan.FromSeconds(30)).EnsureAsync(Js, Timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        _server?.Dispose();
        Timeout.Dispose();
    }
}
