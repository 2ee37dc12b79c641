using System.Net.Sockets;
using Serilog;
using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Protocol;

namespace WebFetch.Supervisor;

/// <summary>
/// Feeds the workers: reads the input as a stream and pushes each URL through its own
/// short-lived connection (connect, one request line, one result line, close), keeping
/// <c>window()</c> connections in flight: workers x concurrency, following SIGTTIN/SIGTTOU. A connection that ends without a result means the
/// worker died holding it: the URL is dispatched again, up to <c>maxAttempts</c> times, and
/// then recorded as <c>worker_lost</c>. Every valid input line yields exactly one record,
/// unless the run is aborted while it is in flight.
/// </summary>
internal sealed class Dispatcher(
    UnixDomainSocketEndPoint endpoint,
    WorkerPool pool,
    RequestBook requests,
    RecordWriter writer,
    RunStatistics statistics,
    Func<int> window,
    int maxAttempts,
    Action outputClosed)
{
    private long _nextRequestId;

    /// <summary>
    /// Runs until the input ends (or <paramref name="stopInput"/> fires) and every dispatched
    /// URL has its record, or until <paramref name="abort"/> drops what is in flight.
    /// </summary>
    public async Task RunAsync(IAsyncEnumerable<InputLine> input, CancellationToken stopInput, CancellationToken abort)
    {
        using var freed = new SemaphoreSlim(0);
        var inFlight = new HashSet<Task>();
        var gate = new Lock();
        int Count()
        {
            lock (gate)
            {
                return inFlight.Count;
            }
        }
        try
        {
            await foreach (InputLine line in Interruptible(input, stopInput).ConfigureAwait(false))
            {
                if (!line.IsValid)
                {
                    Emit(FetchResult.Failed(line.Text, ErrorKind.InvalidUrl, $"{line.Problem} ({line.Source} line {line.LineNumber})"));
                    continue;
                }
                while (Count() >= window())
                {
                    // woken by a completion; the timeout catches a window that grew
                    await freed.WaitAsync(TimeSpan.FromMilliseconds(250), stopInput).ConfigureAwait(false);
                }
                Task task = DispatchAsync(line, abort);
                lock (gate)
                {
                    inFlight.Add(task);
                }
                _ = task.ContinueWith(
                    t =>
                    {
                        lock (gate)
                        {
                            inFlight.Remove(t);
                        }
                        freed.Release();
                    },
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stopInput.IsCancellationRequested)
        {
            Log.Debug("stopped reading input; waiting for the URLs in flight");
        }
        finally
        {
            Task[] remaining;
            lock (gate)
            {
                remaining = [.. inFlight];
            }
            try
            {
                await Task.WhenAll(remaining).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // aborted: in-flight URLs get no record
            }
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

    private async Task DispatchAsync(InputLine line, CancellationToken abort)
    {
        await Task.Yield();
        string lastLoss = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++)
        {
            long id = Interlocked.Increment(ref _nextRequestId);
            requests.Open(id, line.Text);
            try
            {
                FetchResult? result = await ExchangeAsync(new FetchRequest(id, line.Url!.AbsoluteUri), abort).ConfigureAwait(false);
                if (result is not null)
                {
                    result.Url = line.Text;
                    result.Attempts += attempt - 1;
                    Emit(result);
                    return;
                }
                lastLoss = await pool.DescribeLossAsync(id, abort).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ProtocolException)
            {
                lastLoss = await pool.DescribeLossAsync(id, abort).ConfigureAwait(false) + $" ({e.Message})";
            }
            finally
            {
                requests.Close(id);
            }
            Log.Warning("{Url}: attempt {Attempt} of {Max} lost: {Loss}", line.Text, attempt, maxAttempts, lastLoss);
        }
        var lost = FetchResult.Failed(line.Text, ErrorKind.WorkerLost, $"lost on all {maxAttempts} attempts; last: {lastLoss}");
        lost.Attempts = maxAttempts;
        Emit(lost);
    }

    private async Task<FetchResult?> ExchangeAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        await LineProtocol.WriteAsync(stream, request, ProtocolJson.Compact.FetchRequest, cancellationToken).ConfigureAwait(false);
        return await LineProtocol.ReadAsync(stream, ProtocolJson.Compact.FetchResult, LineProtocol.MaxResultBytes, cancellationToken)
            .ConfigureAwait(false);
    }

    private void Emit(FetchResult record)
    {
        try
        {
            writer.Write(record);
            statistics.Count(record);
        }
        catch (OutputClosedException)
        {
            outputClosed();
        }
    }
}
