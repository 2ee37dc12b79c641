using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace WebFetch.Fetching;

/// <summary>
/// Connects to a host the way curl and browsers do (Happy Eyeballs, RFC 8305): its
/// addresses, IPv6 and IPv4 interleaved, are tried in turn, a new attempt starting
/// <see cref="Timings.ConnectAttemptDelay"/> after the last one or as soon as one fails, while the earlier
/// ones go on; the first to connect wins and the others are closed.
/// </summary>
/// <remarks>
/// SocketsHttpHandler tries a host's addresses one after the other, and an address that
/// drops the SYN keeps the attempt until <c>--connect-timeout</c>: a host whose first A record
/// is a dead server, or whose IPv6 resolves but does not route, then fails where curl
/// connects a quarter of a second later. A host with one address (an IP literal, most
/// hosts) is connected to directly. An IPv4-mapped IPv6 address is connected to in its IPv4 form.
/// </remarks>
internal static class HappyEyeballs
{
    /// <summary>Resolves <paramref name="endpoint"/> (unless its host is an IP address) and connects to it.</summary>
    public static async Task<Socket> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        IPAddress[] addresses = IPAddress.TryParse(endpoint.Host, out IPAddress? literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        ConnectionFacts.NameResolved(); // --fields timing: the end of the name lookup (nothing when no facts are asked for)
        return await ConnectAsync(Interleave(addresses), endpoint.Port, Timings.ConnectAttemptDelay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Races connections to <paramref name="addresses"/>, in their order, starting one every
    /// <paramref name="attemptDelay"/> or when one fails. Throws the last failure when all fail.
    /// </summary>
    public static async Task<Socket> ConnectAsync(IReadOnlyList<IPAddress> addresses, int port, TimeSpan attemptDelay, CancellationToken cancellationToken)
    {
        if (addresses.Count == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }
        if (addresses.Count == 1)
        {
            return await AttemptAsync(addresses[0], port, cancellationToken).ConfigureAwait(false);
        }
        using var losers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new List<Task<Socket>>(addresses.Count);
        Exception? lastFailure = null;
        int next = 0;
        try
        {
            while (true)
            {
                if (next < addresses.Count)
                {
                    pending.Add(AttemptAsync(addresses[next++], port, losers.Token));
                }
                if (pending.Count == 0)
                {
                    ExceptionDispatchInfo.Throw(lastFailure!);
                }
                // Until an attempt ends or, while addresses are left, it is time for the next one.
                Task delay = next < addresses.Count ? Task.Delay(attemptDelay, losers.Token) : Task.Delay(Timeout.Infinite, losers.Token);
                Task ended = await Task.WhenAny([.. pending, delay]).ConfigureAwait(false);
                if (ended == delay)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    continue;
                }
                var attempt = (Task<Socket>)ended;
                pending.Remove(attempt);
                if (attempt.IsCompletedSuccessfully)
                {
                    return attempt.Result;
                }
                cancellationToken.ThrowIfCancellationRequested();
                lastFailure = attempt.Exception?.InnerException ?? new SocketException((int)SocketError.ConnectionRefused);
            }
        }
        finally
        {
            losers.Cancel();
            CloseWhenConnected(pending);
        }
    }

    /// <summary>
    /// The attempts still pending once the race is over, cancelled: one may still connect
    /// before it sees the cancellation, and is closed then; a failure is observed.
    /// </summary>
    private static void CloseWhenConnected(List<Task<Socket>> losers)
    {
        foreach (Task<Socket> loser in losers)
        {
            _ = loser.ContinueWith(
                static t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        t.Result.Dispose();
                    }
                    _ = t.Exception;
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// RFC 8305 section 4: the family of the first address (the system's preference), then the
    /// other, alternating, each family in its own order.
    /// </summary>
    public static IReadOnlyList<IPAddress> Interleave(IPAddress[] addresses)
    {
        if (addresses.Length < 2)
        {
            return addresses;
        }
        AddressFamily first = addresses[0].AddressFamily;
        var preferred = new Queue<IPAddress>(addresses.Where(a => a.AddressFamily == first));
        var other = new Queue<IPAddress>(addresses.Where(a => a.AddressFamily != first));
        var ordered = new List<IPAddress>(addresses.Length);
        while (preferred.Count > 0 || other.Count > 0)
        {
            if (preferred.TryDequeue(out IPAddress? p))
            {
                ordered.Add(p);
            }
            if (other.TryDequeue(out IPAddress? o))
            {
                ordered.Add(o);
            }
        }
        return ordered;
    }

    private static async Task<Socket> AttemptAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) names an IPv4 host: an IPv6 socket
        // cannot reach it where IPv6 is off or the socket is IPv6-only, so it is connected to
        // in its IPv4 form, as the kernel would through a dual-stack socket.
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }; // as the handler's own
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
