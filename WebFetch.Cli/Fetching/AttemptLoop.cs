using System.Diagnostics;
using System.Runtime.CompilerServices;
using Serilog;
using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Fetching;

/// <summary>
/// The attempts at one URL and the waits between them (<see cref="RetryPolicy"/>): each attempt
/// gets <see cref="FetchOptions.Timeout"/>, all of them together <see cref="FetchOptions.TotalBudget"/>;
/// a transient failure is tried again, any other is the URL's error.
/// </summary>
internal sealed class AttemptLoop(FetchOptions options)
{
    /// <summary>
    /// One attempt from <paramref name="hop"/> (which it keeps up to date, so a retry resumes
    /// at the hop that failed): null when done, or the wait before a retry the answer asks for.
    /// </summary>
    public delegate Task<TimeSpan?> Attempt(StrongBox<WebUrl> hop, int retriesDone, CancellationToken cancellationToken);

    /// <summary>
    /// Attempts, and waits between attempts, until one ends the fetch (an answer, or a failure
    /// not worth another attempt, recorded in <paramref name="result"/>) or <paramref name="overall"/>,
    /// the URL's total budget, runs out.
    /// </summary>
    public async Task RunAsync(
        FetchResultBuilder result, WebUrl url, long started, CancellationTokenSource overall, Attempt attempt, CancellationToken cancellationToken)
    {
        var current = new StrongBox<WebUrl>(url); // the hop an attempt starts from; a retry resumes there
        int retries = 0;
        int gaveWay = 0;
        while (true)
        {
            TimeSpan remaining = options.TotalBudget - Stopwatch.GetElapsedTime(started);
            using var attemptTime = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
            attemptTime.CancelAfter(remaining < options.Timeout ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) : options.Timeout);
            TimeSpan? wait;
            bool gaveWayNow = false;
            try
            {
                wait = await attempt(current, retries, attemptTime.Token).ConfigureAwait(false);
            }
            catch (MemoryBudgetException e) when (e.Contended && !cancellationToken.IsCancellationRequested)
            {
                // The page gave way to others of this worker that held the memory budget and
                // waited on each other (see MemoryBudget). Not the server's doing: another
                // attempt, soon and not counted among the retries, until the URL's time is up.
                gaveWay++;
                gaveWayNow = true;
                wait = Timings.GiveWayWait;
                Log.Debug("{Url}: {Reason}; reading it again in {Wait} ms", url.RequestUrl, e.Message, (long)wait.Value.TotalMilliseconds);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                wait = AfterFailure(result, e, attemptTime.IsCancellationRequested, overall, retries, started, url);
            }
            if (wait is null)
            {
                return;
            }
            try
            {
                await Task.Delay(wait.Value, overall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result.Error = new FetchError(ErrorKind.Timeout, TimeoutMessage(total: true, retries));
                return;
            }
            if (!gaveWayNow)
            {
                retries++;
            }
            result.Attempts = retries + gaveWay + 1;
            result.Status = null;
            result.ContentType = null;
            result.Facts = null;
        }
    }

    /// <summary>
    /// After an attempt failed with <paramref name="failure"/>: the wait before the next one, or
    /// null when the failure is not worth another (then it is the URL's error, in <paramref name="result"/>).
    /// </summary>
    private TimeSpan? AfterFailure(
        FetchResultBuilder result, Exception failure, bool timedOut, CancellationTokenSource overall, int retries, long started, WebUrl url)
    {
        TimeSpan? wait = RetryPolicy.IsTransient(failure, timedOut)
            ? RetryPolicy.PlanWait(retries, options.Retries, null, options.TotalBudget - Stopwatch.GetElapsedTime(started))
            : null;
        if (wait is null)
        {
            result.Error = timedOut && failure is not ParseTimeoutException
                ? new FetchError(ErrorKind.Timeout, TimeoutMessage(overall.IsCancellationRequested, retries))
                : FailureClassifier.Classify(failure, timedOut: false);
            if (failure is BodyTooLargeException tooLarge)
            {
                result.Length = tooLarge.BytesRead;
            }
            return null;
        }
        Log.Debug("{Url}: attempt {Attempt} failed ({Reason}); retrying in {Wait} ms",
            url.RequestUrl, retries + 1, failure.Message, (long)wait.Value.TotalMilliseconds);
        return wait;
    }

    private string TimeoutMessage(bool total, int retries) => total
        ? $"no complete response within {options.TotalBudget.TotalSeconds:0.###} s over {retries + 1} attempt(s)"
        : $"no complete response within {options.Timeout.TotalSeconds:0.###} s";
}
