using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RetryAfterInSecondsIsThatWait()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), RetryPolicy.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), Now));
    }

    [Fact]
    public void RetryAfterAsADateIsTheTimeUntilThen()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), RetryPolicy.RetryAfter(new RetryConditionHeaderValue(Now.AddSeconds(90)), Now));
    }

    [Fact]
    public void RetryAfterInThePastMeansNoWait()
    {
        Assert.Equal(TimeSpan.Zero, RetryPolicy.RetryAfter(new RetryConditionHeaderValue(Now.AddSeconds(-90)), Now));
    }

    [Fact]
    public void NoRetryAfterIsNull()
    {
        Assert.Null(RetryPolicy.RetryAfter(null, Now));
    }

    [Fact]
    public void BackoffStaysWithinItsDoublingCeiling()
    {
        for (int retry = 1; retry <= 10; retry++)
        {
            double ceiling = Math.Min(Timings.BackoffCap.TotalMilliseconds, Timings.BackoffBase.TotalMilliseconds * Math.Pow(2, retry - 1));
            for (int i = 0; i < 200; i++)
            {
                Assert.InRange(RetryPolicy.Backoff(retry).TotalMilliseconds, 0, ceiling);
            }
        }
    }

    [Fact]
    public void BackoffIsJittered()
    {
        Assert.True(Enumerable.Range(0, 50).Select(_ => RetryPolicy.Backoff(3)).Distinct().Count() > 10);
    }

    [Fact]
    public void NoRetryIsPlannedOnceTheRetriesAreUsed()
    {
        Assert.NotNull(RetryPolicy.PlanWait(1, 2, null, TimeSpan.FromMinutes(1)));
        Assert.Null(RetryPolicy.PlanWait(2, 2, null, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void RetryAfterBeyondTheCapEndsTheRetries()
    {
        Assert.Null(RetryPolicy.PlanWait(0, 2, Timings.RetryMaxWait + TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)));
        Assert.Equal(Timings.RetryMaxWait, RetryPolicy.PlanWait(0, 2, Timings.RetryMaxWait, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void RetryThatWouldNotFitTheRemainingTimeIsNotPlanned()
    {
        Assert.Null(RetryPolicy.PlanWait(0, 2, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(5), RetryPolicy.PlanWait(0, 2, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6)));
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.OK, false)]
    public void OnlyTheTransientStatusesAreRetried(HttpStatusCode status, bool transient)
    {
        Assert.Equal(transient, RetryPolicy.IsTransientStatus(status));
    }

    [Fact]
    public void ConnectFailuresAndTimeoutsAreTransientButDnsTlsAndParseLimitsAreNot()
    {
        Assert.True(RetryPolicy.IsTransient(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException(111)), false));
        Assert.True(RetryPolicy.IsTransient(new TaskCanceledException("connect", new TimeoutException()), false));
        Assert.True(RetryPolicy.IsTransient(new TaskCanceledException(), attemptTimedOut: true));
        Assert.False(RetryPolicy.IsTransient(new HttpRequestException(HttpRequestError.NameResolutionError, "dns"), false));
        Assert.False(RetryPolicy.IsTransient(new HttpRequestException(HttpRequestError.SecureConnectionError, "tls"), false));
        Assert.False(RetryPolicy.IsTransient(new ParseTimeoutException(TimeSpan.FromSeconds(5)), attemptTimedOut: true));
        Assert.False(RetryPolicy.IsTransient(new BodyTooLargeException(10, 11), false));
    }

    [Fact]
    public void TotalBudgetCoversEveryAttemptAndEveryWait()
    {
        var options = new FetchOptions { Timeout = TimeSpan.FromSeconds(10), Retries = 2 };

        Assert.Equal(TimeSpan.FromSeconds(3 * 10) + 2 * Timings.RetryMaxWait, options.TotalBudget);
    }
}
