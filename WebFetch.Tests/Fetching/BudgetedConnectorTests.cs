using System.Net;
using System.Net.Sockets;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

public sealed class BudgetedConnectorTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public BudgetedConnectorTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(8);
    }

    private DnsEndPoint Endpoint => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndPoint!).Port);

    public void Dispose() => _listener.Dispose();

    [Fact(Timeout = 10_000)]
    public async Task RunningOutOfDescriptorsIsWaitedOutAndTheConnectionIsCountedUntilDisposed()
    {
        var budget = new DescriptorBudget(capacity: 8, concurrency: 1);
        int tries = 0;
        var connector = new BudgetedConnector(budget, (endpoint, token) =>
            ++tries <= 2 ? throw new SocketException((int)SocketError.TooManyOpenSockets) : HappyEyeballs.ConnectAsync(endpoint, token));

        Stream stream = await connector.ConnectAsync(Endpoint, CancellationToken.None).AsTask().WaitAsync(Bound);

        Assert.Equal(3, tries);
        Assert.Equal(1, budget.Open);
        await stream.DisposeAsync();
        await stream.DisposeAsync(); // twice: counted back once
        Assert.Equal(0, budget.Open);
    }

    [Fact(Timeout = 10_000)]
    public async Task WhenNoDescriptorFreesUpWithinTheConnectTimeTheConnectFailsSayingWhy()
    {
        var budget = new DescriptorBudget(capacity: 8, concurrency: 1);
        var connector = new BudgetedConnector(budget, (_, _) => throw new SocketException((int)SocketError.TooManyOpenSockets));
        using var connectTime = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        SocketException e = await Assert.ThrowsAsync<SocketException>(() => connector.ConnectAsync(Endpoint, connectTime.Token).AsTask().WaitAsync(Bound));

        Assert.Equal(SocketError.TooManyOpenSockets, e.SocketErrorCode);
        Assert.Equal(0, budget.Open);
    }

    [Fact(Timeout = 10_000)]
    public async Task AFailedConnectGivesItsDescriptorBack()
    {
        var budget = new DescriptorBudget(capacity: 8, concurrency: 1);
        var connector = new BudgetedConnector(budget, (_, _) => throw new SocketException((int)SocketError.ConnectionRefused));

        await Assert.ThrowsAsync<SocketException>(() => connector.ConnectAsync(Endpoint, CancellationToken.None).AsTask().WaitAsync(Bound));

        Assert.Equal(0, budget.Open);
    }
}
