using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;
using Mono.Unix.Native;
using Serilog;
using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Protocol;

namespace WebFetch.Supervisor;

/// <summary>
/// Feeds the workers. A reader task streams the input into a small buffer; the dispatch loop
/// admits lines from it into per-host queues (<see cref="HostScheduler{T}"/>), at most
/// <see cref="DispatchPolicy.LookAhead"/> URLs ahead, and starts the earliest-read URL whose
/// host is allowed (per-host limit and delay) while the global rate (<see cref="RateLimiter"/>)
/// and the window (<c>window()</c>: workers x concurrency, following SIGTTIN/SIGTTOU) allow.
/// Each URL goes through its own short-lived connection (connect, one request line, one result
/// line, close). A connection that ends without a result means the worker died holding it: the
/// URL is dispatched again, alone in its worker once it was lost with others, until
/// <c>maxAttempts</c> losses count against it, and then recorded as <c>worker_lost</c>. A
/// connection whose listener is not of this run's user (SO_PEERCRED) is closed unused, and
/// counts as a lost attempt. A connect for which the parent has no descriptor left waits for one
/// of its connections to close (<see cref="WorkerConnector"/>): not a loss. When the socket's path no longer leads to the workers' listener
/// (checked every half second and after a failed connect), the run is told and stops: the URLs
/// that cannot be sent get an <c>interrupted</c> record. A repeated URL waits for the first one and gets a copy of its record
/// (<see cref="DedupCache{T}"/>). Every input line read gets a sequence number and yields
/// exactly one record through the <see cref="RecordSink"/>: when the run stops, reading stops,
/// and the lines read but not started, and then the URLs still in flight when the grace period
/// ends or the run aborts, get an <c>interrupted</c> record (<see cref="StopCause"/> says why).
/// </summary>
internal sealed class Dispatcher(
    SocketEndpoint socket,
    Action<string> socketLost,
    WorkerPool pool,
    RequestBook requests,
    RecordSink sink,
    DispatchPolicy policy,
    DoneUrls? done,
    StopCause cause,
    Func<int> window,
    int maxAttempts,
    bool isolateSuspects) : IDisposable
{
    /// <summary>Lines read but not yet admitted (on top of the look-ahead).</summary>
    private const int ReadBuffer = 64;

    /// <summary>The weight of a remembered URL besides its key's characters and its record: the entry and the waiting task, roughly.</summary>
    private const long PendingBytes = 256;

    private static readonly TimeSpan IdleWake = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the loop checks that the socket's path still leads to the workers' listener.</summary>
    private static readonly TimeSpan SocketCheck = TimeSpan.FromMilliseconds(500);

    /// <summary>The user whose listener the workers inherit: SO_PEERCRED reports the effective uid of the process that called listen(2).</summary>
    private static readonly uint OwnUid = Syscall.geteuid();

    private readonly Lock _gate = new();
    private readonly AsyncSignal _wake = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly HostScheduler<Pending> _hosts = new(policy.PerHost, policy.Delay);
    private readonly RateLimiter _rate = new(policy.Rate);
    private readonly DedupCache<TaskCompletionSource<FetchResult>>? _seen =
        policy.Dedup ? new DedupCache<TaskCompletionSource<FetchResult>>(policy.DedupCapacity, policy.DedupBudgetBytes) : null;
    private readonly HashSet<Task> _running = [];
    private readonly ConcurrentDictionary<int, bool> _foreignPeersReported = new();
    private readonly WorkerConnector _connector = new(socket.EndPoint);
    private long _nextRequestId;
    private long _nextSequence;
    private int _inFlight;
    private int _followers;
    private long _skipped;
    private TimeSpan _socketCheckedAt;
    private int _socketLost;

    /// <summary>Input lines skipped because the resume file already has their record.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    private TimeSpan Now => Stopwatch.GetElapsedTime(_started);

    /// <summary>
    /// Runs until the input ends and every URL read has its record. When
    /// <paramref name="stopInput"/> fires, reading stops and the lines read but not started get
    /// an <c>interrupted</c> record; when <paramref name="abort"/> fires, so do the URLs in flight.
    /// </summary>
    public async Task RunAsync(IAsyncEnumerable<InputLine> input, CancellationToken stopInput, CancellationToken abort)
    {
        Channel<InputLine> lines = Channel.CreateBounded<InputLine>(new BoundedChannelOptions(ReadBuffer) { SingleReader = true, SingleWriter = true });
        using CancellationTokenRegistration wakeOnStop = stopInput.Register(_wake.Set);
        sink.OnRoom(_wake.Set); // a slow reader's backlog holds new URLs back until it is taken
        Task reading = ReadAsync(input, lines.Writer, stopInput);
        bool inputEnded = false;
        try
        {
            while (true)
            {
                TimeSpan? nextAt = null;
                lock (_gate)
                {
                    bool stopping = stopInput.IsCancellationRequested;
                    if (!inputEnded)
                    {
                        // once stopped, the lines already read are taken whatever the look-ahead, to get their records
                        inputEnded = Admit(lines.Reader, bounded: !stopping);
                    }
                    if (!stopping)
                    {
                        nextAt = StartAllowed(abort);
                    }
                    else if (inputEnded)
                    {
                        InterruptQueued(); // reading has stopped: nothing more will be read
                    }
                    if (inputEnded && _hosts.Queued == 0 && _inFlight == 0)
                    {
                        break;
                    }
                }
                if (Now - _socketCheckedAt >= SocketCheck)
                {
                    _socketCheckedAt = Now;
                    _ = SocketIsLost();
                }
                TimeSpan wait = nextAt is { } at ? (at - Now) : IdleWake; // the idle wake catches a window that grew
                await _wake.WaitAsync(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > IdleWake ? IdleWake : wait, abort)
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // aborted: the URLs in flight end as interrupted (FetchWithRetriesAsync)
        }
        finally
        {
            if (stopInput.IsCancellationRequested)
            {
                // an abort can come before the loop saw the stop: the lines read still get their records
                await reading.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                lock (_gate)
                {
                    Admit(lines.Reader, bounded: false);
                    InterruptQueued();
                }
            }
            await WaitForRunningAsync().ConfigureAwait(false);
            sink.Flush();
        }
        await reading.ConfigureAwait(false); // an input that failed midway fails the run
    }

    /// <summary>
    /// Moves lines from the read buffer into the per-host queues while the look-ahead and the
    /// order window allow (or, not <paramref name="bounded"/>, all of them). True once the input
    /// has ended and every line read was taken.
    /// </summary>
    private bool Admit(ChannelReader<InputLine> lines, bool bounded)
    {
        while ((!bounded || (_hosts.Queued + _followers < policy.LookAhead && sink.HasRoom(_nextSequence))) && lines.TryRead(out InputLine? line))
        {
            Admit(line);
        }
        return lines.Completion.IsCompleted;
    }

    private void Admit(InputLine line)
    {
        if (done is not null && done.Contains(line.Text))
        {
            _skipped++;
            return;
        }
        long sequence = _nextSequence++;
        if (!line.IsValid)
        {
            sink.Emit(sequence, FetchResult.Failed(line.Text, ErrorKind.InvalidUrl, $"{line.Problem} ({line.Source} line {line.LineNumber})"));
            return;
        }
        TaskCompletionSource<FetchResult>? shared = null;
        string? key = null;
        if (_seen is not null)
        {
            key = DedupKey.Of(line.Url!);
            if (_seen.TryGet(key, out TaskCompletionSource<FetchResult> first))
            {
                _followers++;
                Track(FollowAsync(sequence, line, first.Task));
                return;
            }
            shared = new TaskCompletionSource<FetchResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            _seen.Add(key, shared, PendingBytes + (2L * key.Length)); // weighed again once its record is known
        }
        _hosts.Enqueue(line.Url!.Host, sequence, new Pending(sequence, line, key, shared));
    }

    /// <summary>Starts URLs while the window, the rate and their hosts allow. Returns when to look again, if a delay or the rate is what holds them.</summary>
    private TimeSpan? StartAllowed(CancellationToken abort)
    {
        TimeSpan now = Now;
        while (_inFlight < window() && sink.OutputHasRoom)
        {
            if (!_rate.IsAvailable(now))
            {
                return _hosts.Queued > 0 ? _rate.NextAt(now) : null;
            }
            if (!_hosts.TryTake(now, out Pending pending, out string host))
            {
                return _hosts.NextAllowedAt;
            }
            _rate.Take(now);
            _inFlight++;
            Log.Debug("{Url}: dispatched", pending.Line.Text);
            Track(FetchAsync(pending, host, abort));
        }
        return null;
    }

    /// <summary>The run stopped: the URLs read and queued for their hosts will not start, and each gets an <c>interrupted</c> record.</summary>
    private void InterruptQueued()
    {
        List<Pending> dropped = _hosts.Drain();
        foreach (Pending pending in dropped)
        {
            FetchResult record = FetchResult.Failed(pending.Line.Text, ErrorKind.Interrupted, cause.NotStarted);
            sink.Emit(pending.Sequence, record);
            pending.Shared?.TrySetResult(record);
        }
        if (dropped.Count > 0)
        {
            Log.Debug("stopped: {Count} URLs read ahead were not started", dropped.Count);
        }
    }

    private async Task ReadAsync(IAsyncEnumerable<InputLine> input, ChannelWriter<InputLine> lines, CancellationToken stopInput)
    {
        await Task.Yield();
        try
        {
            await foreach (InputLine line in Interruptible(input, stopInput).ConfigureAwait(false))
            {
                await lines.WriteAsync(line, stopInput).ConfigureAwait(false);
                _wake.Set();
            }
        }
        catch (OperationCanceledException) when (stopInput.IsCancellationRequested)
        {
            Log.Debug("stopped reading input; waiting for the URLs in flight");
        }
        finally
        {
            lines.TryComplete();
            _wake.Set();
        }
    }

    /// <summary>
    /// Enumerates the input so that a stop is noticed even while a read blocks (an idle
    /// terminal or pipe on stdin cannot be cancelled): the pending read is abandoned.
    /// </summary>
    private static async IAsyncEnumerable<InputLine> Interruptible(
        IAsyncEnumerable<InputLine> input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<InputLine> lines = input.GetAsyncEnumerator(cancellationToken);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenRegistration registration = cancellationToken.Register(() => stopped.TrySetResult());
        bool abandoned = false;
        try
        {
            while (true)
            {
                Task<bool> next = lines.MoveNextAsync().AsTask();
                if (await Task.WhenAny(next, stopped.Task).ConfigureAwait(false) != next)
                {
                    abandoned = true;
                    _ = next.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observe a late failure
                    cancellationToken.ThrowIfCancellationRequested();
                }
                if (!await next.ConfigureAwait(false))
                {
                    yield break;
                }
                yield return lines.Current;
            }
        }
        finally
        {
            if (!abandoned)
            {
                await lines.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task FetchAsync(Pending pending, string host, CancellationToken abort)
    {
        await Task.Yield();
        try
        {
            FetchResult result = await FetchWithRetriesAsync(pending.Line, abort).ConfigureAwait(false);
            sink.Emit(pending.Sequence, result);
            pending.Shared?.TrySetResult(result);
            Remember(pending, result);
        }
        catch
        {
            pending.Shared?.TrySetCanceled(abort);
            throw;
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
                _hosts.Completed(host, Now);
            }
            _wake.Set();
        }
    }

    /// <summary>
    /// Weighs the entry of a URL whose record is now known, so that the records remembered stay
    /// within the budget: the least recently used go (a later repeat of one is fetched again),
    /// and a record heavier than the whole budget is not kept. The repeats already waiting hold
    /// the record themselves and get their copies either way.
    /// </summary>
    private void Remember(Pending pending, FetchResult result)
    {
        if (_seen is null || pending.Key is null || pending.Shared is null)
        {
            return;
        }
        long bytes = PendingBytes + (2L * pending.Key.Length) + result.EstimatedBytes();
        lock (_gate)
        {
            _seen.Weigh(pending.Key, pending.Shared, bytes);
        }
    }

    /// <summary>A repeated URL: waits for the first one's record and writes a copy with this line's text.</summary>
    private async Task FollowAsync(long sequence, InputLine line, Task<FetchResult> first)
    {
        try
        {
            FetchResult original = await first.ConfigureAwait(false);
            sink.Emit(sequence, original with { Url = line.Text });
        }
        catch (OperationCanceledException)
        {
            sink.Skip(sequence); // the first one failed inside webfetch (a bug, reported): no record for either
        }
        finally
        {
            lock (_gate)
            {
                _followers--;
            }
            _wake.Set();
        }
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _running.Add(task);
        }
        _ = task.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    _running.Remove(t);
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task WaitForRunningAsync()
    {
        while (true)
        {
            Task[] remaining;
            lock (_gate)
            {
                remaining = [.. _running];
            }
            if (remaining.Length == 0)
            {
                return;
            }
            try
            {
                await Task.WhenAll(remaining).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // not expected: an aborted URL ends as interrupted
            }
            lock (_gate)
            {
                _running.ExceptWith(remaining);
            }
        }
    }

    /// <summary>
    /// Dispatches a URL until it has a result. A connection that closes without one was lost
    /// with its worker. With one connection per worker every loss counts toward
    /// <c>maxAttempts</c>. With more, a worker that dies takes all its URLs with it, and only
    /// one of them may be to blame: a loss then makes the URL a suspect, dispatched from then on
    /// as a solo request (<see cref="FetchRequest.Solo"/>), and only a loss while it ran alone
    /// counts. A URL also fails after twice <c>maxAttempts</c> losses in all. When
    /// <paramref name="abort"/> fires first, the URL ends as <c>interrupted</c>, with the attempt,
    /// the worker that held it (if one had begun it) and the time since it was dispatched.
    /// </summary>
    private async Task<FetchResult> FetchWithRetriesAsync(InputLine line, CancellationToken abort)
    {
        long dispatched = Stopwatch.GetTimestamp();
        string lastLoss = "";
        int attempts = 0;
        int counted = 0;
        bool solo = false;
        long id = 0;
        try
        {
            while (counted < maxAttempts && attempts < 2 * maxAttempts)
            {
                attempts++;
                id = Interlocked.Increment(ref _nextRequestId);
                requests.Open(id, line.Text);
                RequestLoss loss;
                bool refused = false;
                try
                {
                    FetchResult? result = await ExchangeAsync(new FetchRequest(id, line.Url!.HrefWithoutFragment, solo), abort).ConfigureAwait(false);
                    if (result is not null)
                    {
                        return result with { Url = line.Text, Attempts = result.Attempts + attempts - 1 };
                    }
                    loss = await pool.DescribeLossAsync(id, abort).ConfigureAwait(false);
                }
                catch (DescriptorsExhaustedException e)
                {
                    loss = new RequestLoss(e.Message, Started: false);
                    refused = true;
                }
                catch (ForeignPeerException e)
                {
                    ReportForeignPeer(e);
                    if (SocketIsLost())
                    {
                        return NotSent(line, attempts);
                    }
                    loss = new RequestLoss(e.Message, Started: false);
                    refused = true;
                }
                catch (Exception e) when (e is IOException or SocketException or ProtocolException)
                {
                    if (e is SocketException && SocketIsLost())
                    {
                        return NotSent(line, attempts); // the connect found no listener at the path, or another one
                    }
                    loss = await pool.DescribeLossAsync(id, abort).ConfigureAwait(false);
                    loss = loss with { Description = $"{loss.Description} ({e.Message})" };
                }
                finally
                {
                    requests.Close(id);
                }
                abort.ThrowIfCancellationRequested(); // lost because the run killed its workers: the URL was interrupted
                lastLoss = loss.Description;
                if (refused)
                {
                    counted++; // not the URL's fault, but nothing to gain by trying without end
                    Log.Debug("{Url}: attempt {Attempt} not sent ({Counted} of {Max}): {Loss}", line.Text, attempts, counted, maxAttempts, lastLoss);
                    continue;
                }
                bool counts = !isolateSuspects || (solo && loss.Started);
                counted += counts ? 1 : 0;
                Log.Warning("{Url}: attempt {Attempt} lost: {Loss}{Blame}", line.Text, attempts, lastLoss,
                    counts ? $" ({counted} of {maxAttempts})" : "; not counted: the worker held other URLs too, the next attempt runs alone");
                solo = isolateSuspects;
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            TimeSpan elapsed = Stopwatch.GetElapsedTime(dispatched);
            int? worker = pool.HolderOf(id);
            var interrupted = FetchResult.Failed(line.Text, ErrorKind.Interrupted, cause.InFlight(attempts, worker, elapsed))
                with { Attempts = attempts, Worker = worker, ElapsedMs = (long)elapsed.TotalMilliseconds };
            Log.Debug("{Url}: interrupted in flight", line.Text);
            return interrupted;
        }
        var lost = FetchResult.Failed(line.Text, ErrorKind.WorkerLost,
            counted == attempts
                ? $"lost on all {attempts} attempts; last: {lastLoss}"
                : $"lost on all {attempts} attempts ({counted} while it ran alone); last: {lastLoss}") with { Attempts = attempts };
        return lost;
    }

    private async Task<FetchResult?> ExchangeAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        // Closed, not shut down: a NetworkStream owning its socket calls shutdown(2) first, a
        // wasted syscall and wake-up of the peer per URL; close(2) alone ends a connection whose
        // descriptor no other process holds.
        Socket connection = await _connector.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CheckPeer(connection);
            await using var stream = new NetworkStream(connection, ownsSocket: false);
            await LineProtocol.WriteAsync(stream, request, ProtocolJson.Compact.FetchRequest, cancellationToken).ConfigureAwait(false);
            return await LineProtocol.ReadAsync(stream, ProtocolJson.Compact.FetchResult, LineProtocol.MaxResultBytes, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            connection.Dispose();
            _connector.Closed();
        }
    }

    /// <summary>
    /// For a Unix socket, the client's SO_PEERCRED names the process that called listen(2).
    /// Whoever can write the socket's directory can move the socket aside and bind their own at
    /// its path: such a listener gets no request, and cannot answer for one.
    /// </summary>
    private void CheckPeer(Socket connection)
    {
        PeerCredentials peer = PeerCredentials.Of(connection);
        if (peer.Uid != OwnUid)
        {
            throw new ForeignPeerException(peer,
                $"the workers' socket {socket.Path} is listened on by pid {peer.Pid} uid {peer.Uid}, not by this run (uid {OwnUid}): the URL was not sent to it");
        }
    }

    /// <summary>Warns once per foreign process; each URL's record says the rest.</summary>
    private void ReportForeignPeer(ForeignPeerException e)
    {
        if (_foreignPeersReported.TryAdd(e.Peer.Pid, true))
        {
            Log.Warning("refused a connection to the workers' socket {Path}: it is listened on by pid {PeerPid} uid {PeerUid}, not by this run's uid {Uid}; another user may have replaced the socket",
                socket.Path, e.Peer.Pid, e.Peer.Uid, OwnUid);
        }
    }

    /// <summary>
    /// Whether the socket's path no longer leads to the workers: then no URL can reach them, and
    /// the run is told once (<c>socketLost</c>), which stops it.
    /// </summary>
    private bool SocketIsLost()
    {
        if (Volatile.Read(ref _socketLost) != 0)
        {
            return true;
        }
        string? why = socket.Lost();
        if (why is null)
        {
            return false;
        }
        if (Interlocked.Exchange(ref _socketLost, 1) == 0)
        {
            socketLost(why);
        }
        return true;
    }

    public void Dispose() => _connector.Dispose();

    /// <summary>The record of a URL that could not be sent because the socket was lost: the run is stopping, and this URL was not started.</summary>
    private FetchResult NotSent(InputLine line, int attempts)
    {
        var record = FetchResult.Failed(line.Text, ErrorKind.Interrupted, cause.NotStarted) with { Attempts = attempts };
        return record;
    }

    /// <summary>A URL admitted and waiting for its host: its place in the input, the line, and (with duplicate detection) its key and the record its duplicates wait for.</summary>
    private sealed record Pending(long Sequence, InputLine Line, string? Key, TaskCompletionSource<FetchResult>? Shared);
}
