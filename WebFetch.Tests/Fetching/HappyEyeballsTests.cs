using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>
/// The connection race against real loopback sockets: 127.0.0.2 and 127.0.0.1 are two
/// addresses of this machine, one of them made to drop SYNs (a listener whose accept queue
/// is full and never taken), the other accepting or refusing.
/// </summary>
public sealed class HappyEyeballsTests : IDisposable
{
    private static readonly IPAddress Dead = IPAddress.Parse("127.0.0.2");
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        _sockets.ForEach(s => s.Dispose());
        _timeout.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task AnAddressThatDropsTheSynIsOvertakenByTheNextAfterTheAttemptDelay()
    {
        int port = BlackHole(Dead);
        using Socket live = Listen(IPAddress.Loopback, port);
        var watch = Stopwatch.StartNew();

        using Socket connected = await HappyEyeballs.ConnectAsync([Dead, IPAddress.Loopback], port, TimeSpan.FromMilliseconds(250), _timeout.Token);

        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)connected.RemoteEndPoint!).Address);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3)); // not a SYN retry (1 s, 3 s, ...)
        Assert.True(connected.NoDelay);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnIpv4MappedIpv6AddressReachesTheIpv4Listener()
    {
        using Socket live = Listen(IPAddress.Loopback, 0);
        int port = ((IPEndPoint)live.LocalEndPoint!).Port;
        IPAddress mapped = IPAddress.Parse("::ffff:127.0.0.1");

        using Socket alone = await HappyEyeballs.ConnectAsync([mapped], port, TimeSpan.FromMilliseconds(250), _timeout.Token);
        using Socket raced = await HappyEyeballs.ConnectAsync([Dead, mapped], port, TimeSpan.FromSeconds(10), _timeout.Token);

        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)alone.RemoteEndPoint!).Address.MapToIPv4());
        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)raced.RemoteEndPoint!).Address.MapToIPv4());
    }

    [Fact(Timeout = 30_000)]
    public async Task ARefusedAddressHandsOverAtOnceWithoutWaitingForTheDelay()
    {
        using Socket live = Listen(IPAddress.Loopback, 0);
        int port = ((IPEndPoint)live.LocalEndPoint!).Port; // nothing listens on 127.0.0.2 at this port: refused
        var watch = Stopwatch.StartNew();

        using Socket connected = await HappyEyeballs.ConnectAsync([Dead, IPAddress.Loopback], port, TimeSpan.FromSeconds(10), _timeout.Token);

        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)connected.RemoteEndPoint!).Address);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact(Timeout = 30_000)]
    public async Task WhenEveryAddressRefusesTheLastFailureIsThrown()
    {
        int port = FreePort();

        SocketException error = await Assert.ThrowsAsync<SocketException>(() =>
            HappyEyeballs.ConnectAsync([Dead, IPAddress.Loopback], port, TimeSpan.FromMilliseconds(250), _timeout.Token));

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task CancellationEndsARaceOfAddressesThatAllDropTheSyn()
    {
        int port = BlackHole(Dead);
        BlackHole(IPAddress.Loopback, port);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(600));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            HappyEyeballs.ConnectAsync([Dead, IPAddress.Loopback], port, TimeSpan.FromMilliseconds(100), cancel.Token));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void TheFamiliesAlternateStartingWithTheFirstAddresses()
    {
        IPAddress[] sixFirst = Addresses("2001:db8::1", "2001:db8::2", "192.0.2.1", "192.0.2.2", "192.0.2.3");
        IPAddress[] fourFirst = Addresses("192.0.2.1", "2001:db8::1", "192.0.2.2");

        Assert.Equal(["2001:db8::1", "192.0.2.1", "2001:db8::2", "192.0.2.2", "192.0.2.3"], HappyEyeballs.Interleave(sixFirst).Select(a => a.ToString()));
        Assert.Equal(["192.0.2.1", "2001:db8::1", "192.0.2.2"], HappyEyeballs.Interleave(fourFirst).Select(a => a.ToString()));
    }

    private static IPAddress[] Addresses(params string[] texts) => [.. texts.Select(IPAddress.Parse)];

    private Socket Listen(IPAddress address, int port, int backlog = 16)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(listener);
        listener.Bind(new IPEndPoint(address, port));
        listener.Listen(backlog);
        return listener;
    }

    /// <summary>
    /// A listener at <paramref name="address"/> that drops new SYNs: its accept queue (backlog
    /// 0 holds one) is filled and never taken, so a further connect waits for SYN retries.
    /// </summary>
    private int BlackHole(IPAddress address, int port = 0)
    {
        Socket listener = Listen(address, port, backlog: 0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        for (int i = 0; i < 4; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _sockets.Add(filler);
            using var brief = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                filler.ConnectAsync(endpoint, brief.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return endpoint.Port; // this one was dropped: the queue is full
            }
        }
        throw new InvalidOperationException($"could not fill the accept queue at {endpoint}");
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
