using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using WebFetch.Errors;

namespace WebFetch.Fetching;

/// <summary>
/// When and how long to wait before another attempt at a URL. Only GET (and HEAD, for a
/// check) is ever sent, both idempotent, so a transient failure may be retried: a connect
/// error, a timeout, or a 408, 429, 502, 503 or 504 response. The wait is the server's Retry-After when it sends one
/// (at most <see cref="Timings.RetryMaxWait"/>), otherwise exponential backoff with full jitter; a retry
/// that would not fit in the URL's remaining time is not made.
/// </summary>
internal static class RetryPolicy
{
    /// <summary>
    /// 408 (the server gave up waiting for the request), 429, 502, 503 and 504: what curl's
    /// --retry retries, except 500, which is more often a fault of the page than of the moment.
    /// </summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>A failure worth another attempt: the attempt timed out, or the connection could not be made.</summary>
    public static bool IsTransient(Exception exception, bool attemptTimedOut)
    {
        if (exception is ParseTimeoutException)
        {
            return false;
        }
        if (attemptTimedOut)
        {
            return true;
        }
        return exception switch
        {
            HttpRequestException http => http.HttpRequestError == HttpRequestError.ConnectionError || ExceptionChain.Has<TimeoutException>(http),
            OperationCanceledException cancelled => ExceptionChain.Has<TimeoutException>(cancelled), // SocketsHttpHandler.ConnectTimeout
            _ => false,
        };
    }

    /// <summary>The server's Retry-After as a wait from <paramref name="now"/> (never negative), or null if it sent none.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is TimeSpan delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (header?.Date is DateTimeOffset date)
        {
            TimeSpan wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>Full jitter: a random wait between 0 and min(cap, base × 2^(retry-1)).</summary>
    public static TimeSpan Backoff(int retry)
    {
        double ceiling = Math.Min(Timings.BackoffCap.TotalMilliseconds, Timings.BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    /// <summary>
    /// The wait before retry number <paramref name="retriesDone"/> + 1, or null when there is
    /// to be no retry: none left, a Retry-After beyond <see cref="Timings.RetryMaxWait"/>, or not enough
    /// time <paramref name="remaining"/> for the wait and another attempt.
    /// </summary>
    public static TimeSpan? PlanWait(int retriesDone, int retries, TimeSpan? retryAfter, TimeSpan remaining)
    {
        if (retriesDone >= retries || retryAfter > Timings.RetryMaxWait)
        {
            return null;
        }
        TimeSpan wait = retryAfter ?? Backoff(retriesDone + 1);
        return wait + Timings.MinimumAttemptTime <= remaining ? wait : null;
    }
}
