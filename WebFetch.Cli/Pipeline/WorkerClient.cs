using System.Diagnostics;
using System.Net.Sockets;
using Serilog;
using WebFetch.Input;
using WebFetch.Protocol;
using WebFetch.Supervisor;

namespace WebFetch.Pipeline;

/// <summary>
/// The worker client stage: sends one URL to the workers until it has a record, and tells
/// the story of a URL lost on the way. A connection that ends without a result means the
/// worker died holding it: the URL is sent again. With one connection per worker every loss
/// counts toward <c>maxAttempts</c>. With more (<c>isolateSuspects</c>), a worker that dies takes
/// all its URLs with it, and only one of them may be to blame: a loss then makes the URL a
/// suspect, sent from then on as a solo request (<see cref="FetchRequest.Solo"/>), and only a
/// loss while it ran alone counts; a URL also fails after twice <c>maxAttempts</c> losses in all.
/// A request that could not be sent (no descriptor left, a listener of another user) counts,
/// not being the URL's fault, but with nothing to gain by trying without end. When the socket
/// is lost, or the run aborts, the URL ends as <c>interrupted</c>.
/// </summary>
internal sealed class WorkerClient(
    IWorkerExchange exchange, IRequestLosses losses, RequestBook requests, SocketWatch socket, StopCause cause, int maxAttempts, bool isolateSuspects)
{
    private long _nextRequestId;

    /// <summary>Whether the socket's path still leads to the workers.</summary>
    public SocketWatch Socket => socket;

    /// <summary>The URL's record. When <paramref name="abort"/> fires first, an <c>interrupted</c> one with the attempt, the worker that held it (if one had begun it) and the time since it was sent.</summary>
    public Task<FetchResult> FetchAsync(InputLine line, CancellationToken abort) => FetchAsync(line, options: null, abort);

    /// <summary>
    /// The URL's record, fetched with <paramref name="options"/> (the JSON of a run's fetch
    /// options, <see cref="FetchRequest.Options"/>) instead of the options the workers started
    /// with, when given: a queue agent's workers serve runs with different options.
    /// </summary>
    public async Task<FetchResult> FetchAsync(InputLine line, string? options, CancellationToken abort)
    {
        long dispatched = Stopwatch.GetTimestamp();
        var attempt = new Attempts(maxAttempts, isolateSuspects);
        long id = 0;
        try
        {
            while (attempt.MayTryAgain)
            {
                attempt.Begin();
                id = Interlocked.Increment(ref _nextRequestId);
                requests.Open(id, line.Text);
                RequestLoss loss;
                bool sent = true;
                try
                {
                    FetchResult? result = await exchange.ExchangeAsync(new FetchRequest(id, line.Url!.HrefWithoutFragment, attempt.Solo, options), abort)
                        .ConfigureAwait(false);
                    if (result is not null)
                    {
                        return result with { Url = line.Text, Attempts = result.Attempts + attempt.Count - 1 };
                    }
                    loss = await losses.DescribeLossAsync(id, abort).ConfigureAwait(false);
                }
                catch (Exception e) when (e is DescriptorsExhaustedException or ForeignPeerException)
                {
                    if (e is ForeignPeerException && socket.IsLost())
                    {
                        return NotSent(line, attempt.Count);
                    }
                    loss = new RequestLoss(e.Message, Started: false);
                    sent = false;
                }
                catch (Exception e) when (e is IOException or SocketException or ProtocolException)
                {
                    if (e is SocketException && socket.IsLost())
                    {
                        return NotSent(line, attempt.Count); // the connect found no listener at the path, or another one
                    }
                    loss = await losses.DescribeLossAsync(id, abort).ConfigureAwait(false);
                    loss = loss with { Description = $"{loss.Description} ({e.Message})" };
                }
                finally
                {
                    requests.Close(id);
                }
                abort.ThrowIfCancellationRequested(); // lost because the run killed its workers: the URL was interrupted
                Report(line, attempt, loss, sent);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return Interrupted(line, attempt.Count, losses.HolderOf(id), Stopwatch.GetElapsedTime(dispatched));
        }
        return FetchResult.Failed(line.Text, ErrorKind.WorkerLost, attempt.Story) with { Attempts = attempt.Count };
    }

    private static void Report(InputLine line, Attempts attempt, RequestLoss loss, bool sent)
    {
        if (!sent)
        {
            attempt.NotSent(loss.Description);
            Log.Debug("{Url}: attempt {Attempt} not sent ({Counted} of {Max}): {Loss}", line.Text, attempt.Count, attempt.Counted, attempt.Max, loss.Description);
            return;
        }
        bool counts = attempt.Lost(loss);
        Log.Warning("{Url}: attempt {Attempt} lost: {Loss}{Blame}", line.Text, attempt.Count, loss.Description,
            counts ? $" ({attempt.Counted} of {attempt.Max})" : "; not counted: the worker held other URLs too, the next attempt runs alone");
    }

    private FetchResult Interrupted(InputLine line, int attempts, int? worker, TimeSpan elapsed)
    {
        Log.Debug("{Url}: interrupted in flight", line.Text);
        return FetchResult.Failed(line.Text, ErrorKind.Interrupted, cause.InFlight(attempts, worker, elapsed))
            with { Attempts = attempts, Worker = worker, ElapsedMs = (long)elapsed.TotalMilliseconds };
    }

    /// <summary>The record of a URL that could not be sent because the socket was lost: the run is stopping, and this URL was not started.</summary>
    private FetchResult NotSent(InputLine line, int attempts) =>
        FetchResult.Failed(line.Text, ErrorKind.Interrupted, cause.NotStartedBecause(socket.Why)) with { Attempts = attempts };
}
