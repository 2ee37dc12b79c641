using System.Diagnostics;
using System.Net.Sockets;
using Mono.Unix.Native;
using Serilog;

namespace WebFetch.Supervisor;

/// <summary>
/// Opens the parent's connections to the workers' socket. When the parent has no descriptor
/// left for one (EMFILE, ENFILE), no worker is at fault and no URL failed: the connect waits
/// until one of the parent's connections closes (or a back-off passes) and tries again, with
/// one warning for each stretch of such waiting. The runtime itself needs a descriptor now and
/// then (a new thread, a file under /proc) and cannot do without: the connector holds
/// <see cref="ReserveSize"/> of them from the start, and gives them up at the first shortage,
/// from when on the parent's connections stay below the number it had open then. A connect
/// that has waited <see cref="Timings.ConnectGiveUp"/>, while none of the parent's connections closed for
/// as long, ends in <see cref="DescriptorsExhaustedException"/>: the descriptors are held by
/// something else.
/// </summary>
internal sealed class WorkerConnector : IDisposable
{
    /// <summary>Descriptors held back for the runtime until the first shortage.</summary>
    public const int ReserveSize = 8;

    private readonly UnixDomainSocketEndPoint _endPoint;
    private readonly AsyncSignal _closed = new();
    private readonly Lock _gate = new();
    private readonly List<int> _reserve = [];
    private long? _lastShortage;
    private long _lastClosed = Stopwatch.GetTimestamp();
    private int _open;
    private int? _ceiling;

    public WorkerConnector(UnixDomainSocketEndPoint endPoint)
    {
        _endPoint = endPoint;
        for (int i = 0; i < ReserveSize; i++)
        {
            int fd = Syscall.open("/dev/null", OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
            if (fd < 0)
            {
                break; // already short: there is nothing to hold back
            }
            _reserve.Add(fd);
        }
    }

    /// <summary>A connected socket; the caller disposes it and then calls <see cref="Closed"/>.</summary>
    public async Task<Socket> OpenAsync(CancellationToken cancellationToken)
    {
        TimeSpan backOff = Timings.ConnectBackOffFirst;
        long? waitingSince = null;
        while (true)
        {
            if (TryCreateSocket() is { } connection)
            {
                try
                {
                    await connection.ConnectAsync(_endPoint, cancellationToken).ConfigureAwait(false);
                    return connection;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
                {
                    connection.Dispose();
                    Shortage(e.Message, counted: true);
                }
                catch
                {
                    connection.Dispose();
                    Closed();
                    throw;
                }
            }
            waitingSince ??= Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(waitingSince.Value) >= Timings.ConnectGiveUp && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastClosed)) >= Timings.ConnectGiveUp)
            {
                throw new DescriptorsExhaustedException(
                    $"the parent had no free file descriptor to connect to a worker for {Timings.ConnectGiveUp.TotalSeconds:0} s: raise ulimit -n");
            }
            await _closed.WaitAsync(backOff, cancellationToken).ConfigureAwait(false);
            backOff = backOff * 2 > Timings.ConnectBackOffLongest ? Timings.ConnectBackOffLongest : backOff * 2;
        }
    }

    /// <summary>One of the parent's connections was closed: a descriptor is free for a waiting connect.</summary>
    public void Closed()
    {
        lock (_gate)
        {
            _open--;
        }
        Interlocked.Exchange(ref _lastClosed, Stopwatch.GetTimestamp());
        _closed.Set();
    }

    /// <summary>
    /// A new socket, counted open; null when the ceiling is reached or no descriptor was free (a
    /// shortage). Made under the lock, so that the sockets open never outnumber the ceiling: a
    /// connect begun before a shortage cannot take a descriptor given up to the runtime then (a
    /// runtime thread, which the thread pool adds on a busy machine, cannot start without one).
    /// </summary>
    private Socket? TryCreateSocket()
    {
        string reason;
        lock (_gate)
        {
            if (_ceiling is { } ceiling && _open >= ceiling)
            {
                return null;
            }
            try
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                _open++;
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TooManyOpenSockets)
            {
                reason = e.Message;
            }
        }
        Shortage(reason, counted: false);
        return null;
    }

    /// <summary>A connect found no descriptor: the reserve goes to the runtime, and the connections open now are the most from now on.</summary>
    private void Shortage(string reason, bool counted)
    {
        bool warn;
        int ceiling;
        lock (_gate)
        {
            if (counted)
            {
                _open--;
            }
            ceiling = Math.Max(1, _open);
            _ceiling = Math.Min(_ceiling ?? int.MaxValue, ceiling);
            foreach (int fd in _reserve)
            {
                _ = Syscall.close(fd);
            }
            _reserve.Clear();
            warn = _lastShortage is not { } last || Stopwatch.GetElapsedTime(last) >= Timings.ShortageEpisodeGap;
            _lastShortage = Stopwatch.GetTimestamp();
        }
        if (warn)
        {
            Log.Warning("the parent has no free file descriptor to connect to a worker ({Reason}): URLs wait for a connection to close, at most {Ceiling} at once from now on; raise ulimit -n or use fewer workers or less concurrency",
                reason, ceiling);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (int fd in _reserve)
            {
                _ = Syscall.close(fd);
            }
            _reserve.Clear();
        }
    }
}
