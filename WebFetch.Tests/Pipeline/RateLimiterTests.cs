using WebFetch.Pipeline;
using Xunit;

namespace WebFetch.Tests.Pipeline;

public sealed class RateLimiterTests
{
    [Fact]
    public void UnlimitedAlwaysAllows()
    {
        var rate = new RateLimiter(0);
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(rate.IsAvailable(TimeSpan.Zero));
            rate.Take(TimeSpan.Zero);
        }
    }

    [Fact]
    public void ASlowRateAllowsOneStartThenSpacesThemEvenly()
    {
        var rate = new RateLimiter(4); // one token every 250 ms, a bucket of one
        TimeSpan now = TimeSpan.FromSeconds(10);
        Assert.True(rate.IsAvailable(now));
        rate.Take(now);

        Assert.False(rate.IsAvailable(now + TimeSpan.FromMilliseconds(200)));
        Assert.Equal(250, (rate.NextAt(now + TimeSpan.FromMilliseconds(200)) - now).TotalMilliseconds, precision: 3);
        Assert.True(rate.IsAvailable(now + TimeSpan.FromMilliseconds(250)));
    }

    [Fact]
    public void StartsOverTenSecondsFollowTheRate()
    {
        var rate = new RateLimiter(50);
        int started = 0;
        for (TimeSpan now = TimeSpan.Zero; now < TimeSpan.FromSeconds(10); now += TimeSpan.FromMilliseconds(1))
        {
            while (rate.IsAvailable(now))
            {
                rate.Take(now);
                started++;
            }
        }

        Assert.InRange(started, 500, 505); // 10 s x 50/s plus the initial bucket of 5
    }

    [Fact]
    public void IdleTimeDoesNotBuildABurstBeyondATenthOfASecond()
    {
        var rate = new RateLimiter(100);
        rate.IsAvailable(TimeSpan.Zero);
        TimeSpan later = TimeSpan.FromMinutes(1);
        int burst = 0;
        while (rate.IsAvailable(later))
        {
            rate.Take(later);
            burst++;
        }

        Assert.Equal(10, burst);
    }
}
