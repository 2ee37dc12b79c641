using System.Net.Sockets;
using Serilog;
using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Worker;

/// <summary>Serving one accepted connection: check the peer, read one request, fetch, answer one line.</summary>
internal sealed partial class WorkerHost
{
    private async Task ServeConnectionAsync(Socket socket)
    {
        bool solo = false;
        bool holdsSoloTurn = false;
        long busyWith = 0;
        try
        {
            socket.Blocking = true; // as NetworkStream requires; async I/O still never blocks a thread
            using var stream = new NetworkStream(socket, ownsSocket: false); // closed in finally, without shutdown(2)
            PeerCredentials peer = PeerCredentials.Of(socket);
            if (peer.Uid != _uid)
            {
                Log.Warning("refused a connection from pid {PeerPid} uid {PeerUid}: only uid {Uid} may use this socket",
                    peer.Pid, peer.Uid, _uid);
                return;
            }

            bool peerIsParent = peer.Pid == _settings.ParentPid;
            FetchRequest? request = await ReadRequestAsync(stream, peerIsParent).ConfigureAwait(false);
            if (request is null)
            {
                return;
            }
            using FetcherCache.Lease? fetcher = await RentFetcherAsync(stream, request, peerIsParent).ConfigureAwait(false);
            if (fetcher is null)
            {
                return;
            }
            if (request.Solo)
            {
                solo = true;
                Interlocked.Increment(ref _soloDemand); // the accept loop stops accepting
                await TakeSoloTurnAsync().ConfigureAwait(false);
                holdsSoloTurn = true;
                await WaitForTheOthersAsync().ConfigureAwait(false);
            }

            _control.Send(new ControlMessage(ControlMessage.Busy, request.Id));
            busyWith = request.Id;
            TestHooks.BeforeFetch(request.Url, WakeAcceptLoop);
            FetchResult result = await FetchAsync(fetcher.Fetcher, request.Url).ConfigureAwait(false);
            await AnswerAsync(stream, result, peerIsParent).ConfigureAwait(false);
            Log.Verbose("{Url} -> {Status} in {Elapsed} ms", request.Url, result.Status, result.ElapsedMs);
        }
        catch (AnswerNotTakenException e)
        {
            Log.Warning("{Problem}; the parent will send the URL again", e.Message);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            Log.Debug("connection ended early: {Reason}", e.Message);
        }
        catch (Exception e)
        {
            Log.Error(e, "unexpected failure while serving a connection");
        }
        finally
        {
            EndConnection(socket, busyWith, solo, holdsSoloTurn);
        }
    }

    /// <summary>Closes a connection however it ended, and gives back what it held: the parent's count, the solo turn, the slot.</summary>
    private void EndConnection(Socket socket, long busyWith, bool solo, bool holdsSoloTurn)
    {
        socket.Dispose();
        if (busyWith != 0)
        {
            // However the request ended, the parent's count of what this worker holds must
            // end with it, or the worker would be killed as stuck on a request it dropped.
            _control.Send(new ControlMessage(ControlMessage.Done, busyWith));
        }
        Interlocked.Decrement(ref _inFlight);
        if (solo)
        {
            EndSolo(holdsSoloTurn);
        }
        _slots.Release();
    }

    /// <summary>
    /// Reads the one request line, within <see cref="Timings.RequestRead"/> of the peer's own
    /// running time. Null when there is nothing to serve: no request came in time, or a
    /// malformed one (answered with a protocol error).
    /// </summary>
    private async Task<FetchRequest?> ReadRequestAsync(NetworkStream stream, bool peerIsParent)
    {
        using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        Task<FetchRequest?> read = LineProtocol.ReadAsync(stream, ProtocolJson.Compact.FetchRequest, LineProtocol.MaxRequestBytes, readTimeout.Token);
        try
        {
            await WithinPeerTimeAsync(read, readTimeout, Timings.RequestRead, peerIsParent, _settings.ParentPid).ConfigureAwait(false);
            return await read.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_abort.IsCancellationRequested)
        {
            Log.Warning("dropped a connection that sent no request within {Seconds} s", Timings.RequestRead.TotalSeconds);
            return null;
        }
        catch (ProtocolException e)
        {
            Log.Warning("refused a malformed request: {Problem}", e.Message);
            await AnswerAsync(stream, FetchResult.Failed("", ErrorKind.Protocol, $"bad request: {e.Message}"), peerIsParent).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>
    /// The fetcher for the request's options, held until the request ends; or null when its
    /// options cannot be used, after answering with an error record for its URL (a bad request,
    /// as a malformed line is: the worker goes on serving).
    /// </summary>
    private async Task<FetcherCache.Lease?> RentFetcherAsync(Stream stream, FetchRequest request, bool peerIsParent)
    {
        if (_fetchers.TryRent(request.Options, out string? problem) is { } lease)
        {
            return lease;
        }
        Log.Warning("refused the request for {Url}: its fetch options cannot be used: {Problem}", request.Url, problem);
        await AnswerAsync(stream, FetchResult.Failed(request.Url, ErrorKind.Protocol, $"bad request: its fetch options cannot be used: {problem}"), peerIsParent)
            .ConfigureAwait(false);
        return null;
    }

    /// <summary>The record of one URL, under the URL as the parent sent it.</summary>
    private async Task<FetchResult> FetchAsync(PageFetcher fetcher, string requested)
    {
        FetchResult result = WebUrl.TryParse(requested, out WebUrl? url, out string? problem)
            ? await fetcher.FetchAsync(url, _abort.Token).ConfigureAwait(false)
            : FetchResult.Failed(requested, ErrorKind.InvalidUrl, problem);
        return result with { Url = requested };
    }

    /// <summary>
    /// Writes the answer line. A reader that takes nothing for <see cref="Timings.AnswerWrite"/>
    /// is given up on (the connection closes, the parent sees no result and sends the URL
    /// again).
    /// </summary>
    private async Task AnswerAsync(Stream stream, FetchResult result, bool readerIsParent)
    {
        result = result with { Worker = _pid };
        TestHooks.BeforeAnswer(result.Url);
        using var writeTimeout = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        Task write = LineProtocol.WriteLineAsync(stream, LineProtocol.EncodeResult(result), writeTimeout.Token);
        try
        {
            await WithinPeerTimeAsync(write, writeTimeout, Timings.AnswerWrite, readerIsParent, _settings.ParentPid).ConfigureAwait(false);
            await write.ConfigureAwait(false);
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException or SocketException)
            && writeTimeout.IsCancellationRequested && !_abort.IsCancellationRequested)
        {
            // a cancelled socket write ends as any of these
            throw new AnswerNotTakenException(
                $"gave up writing the answer for {result.Url}: its reader did not take it within {Timings.AnswerWrite.TotalSeconds} s");
        }
    }

    /// <summary>
    /// Waits for <paramref name="io"/> on a connection, cancelling it through
    /// <paramref name="timeout"/> once the peer has been silent for <paramref name="limit"/>;
    /// but time while the peer is our parent and it is stopped (SIGSTOP, Ctrl-Z) does not count:
    /// a stopped parent neither writes nor reads, and its workers must still be there, requests
    /// and answers in hand, when it resumes.
    /// </summary>
    private static async Task WithinPeerTimeAsync(Task io, CancellationTokenSource timeout, TimeSpan limit, bool peerIsParent, int parentPid)
    {
        long deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (!io.IsCompleted)
        {
            await Task.WhenAny(io, Task.Delay(Timings.ReaderCheck)).ConfigureAwait(false);
            if (io.IsCompleted)
            {
                return;
            }
            if (peerIsParent && ProcessState.IsStopped(parentPid))
            {
                deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
            }
            else if (Environment.TickCount64 >= deadline)
            {
                timeout.Cancel();
                return;
            }
        }
    }

    /// <summary>Solo requests take turns; one waiting for its turn is parked and does no work.</summary>
    private async Task TakeSoloTurnAsync()
    {
        Interlocked.Increment(ref _soloParked);
        try
        {
            await _soloTurn.WaitAsync(_abort.Token).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _soloParked);
        }
    }

    /// <summary>Waits until every other connection has finished, except parked solo requests.</summary>
    private async Task WaitForTheOthersAsync()
    {
        while (Volatile.Read(ref _inFlight) - Volatile.Read(ref _soloParked) > 1)
        {
            await Task.Delay(Timings.SoloPoll, _abort.Token).ConfigureAwait(false);
        }
    }

    private void EndSolo(bool holdsSoloTurn)
    {
        if (holdsSoloTurn)
        {
            _soloTurn.Release();
        }
        if (Interlocked.Decrement(ref _soloDemand) == 0)
        {
            WakeAcceptLoop(); // accept again now rather than at the end of the poll period
        }
    }
}
