using WebFetch.Pipeline;
using WebFetch.Tests.Pipeline.Fakes;
using Xunit;

namespace WebFetch.Tests.Pipeline;

public sealed class JobSchedulerTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(5);

    [Fact]
    public void TheRateHoldsTheNextStartAndSaysWhenItMayGo()
    {
        var scheduler = new JobScheduler(new DispatchPolicy { Rate = 10 }); // a bucket of one, a token every 100 ms
        scheduler.Enqueue(Job(0, "https://a.test/1"));
        scheduler.Enqueue(Job(1, "https://b.test/2"));

        Assert.True(scheduler.TryTake(T0, out Job first, out _));
        Assert.False(scheduler.TryTake(T0, out _, out TimeSpan? retryAt));

        Assert.Equal(0, first.Sequence);
        Assert.Equal(T0 + TimeSpan.FromMilliseconds(100), retryAt);
        Assert.True(scheduler.TryTake(retryAt!.Value, out Job second, out _));
        Assert.Equal(1, second.Sequence);
    }

    [Fact]
    public void AHostsDelaySaysWhenItsNextUrlMayStart()
    {
        var scheduler = new JobScheduler(new DispatchPolicy { Delay = TimeSpan.FromSeconds(2) });
        scheduler.Enqueue(Job(0, "https://a.test/1"));
        scheduler.Enqueue(Job(1, "https://a.test/2"));

        Assert.True(scheduler.TryTake(T0, out Job first, out _));
        scheduler.Completed(first, T0 + TimeSpan.FromMilliseconds(10));

        Assert.False(scheduler.TryTake(T0 + TimeSpan.FromSeconds(1), out _, out TimeSpan? retryAt));
        Assert.Equal(T0 + TimeSpan.FromSeconds(2), retryAt);
    }

    [Fact]
    public void AHostAtItsLimitWaitsForAnEndNotForATimeAndOtherHostsGoFirst()
    {
        var scheduler = new JobScheduler(new DispatchPolicy { PerHost = 1 });
        scheduler.Enqueue(Job(0, "https://a.test/1"));
        scheduler.Enqueue(Job(1, "https://a.test/2"));
        scheduler.Enqueue(Job(2, "https://b.test/3"));

        Assert.True(scheduler.TryTake(T0, out Job a1, out _));
        Assert.True(scheduler.TryTake(T0, out Job b3, out _));
        Assert.False(scheduler.TryTake(T0, out _, out TimeSpan? retryAt));

        Assert.Equal([0L, 2L], [a1.Sequence, b3.Sequence]);
        Assert.Null(retryAt);
        scheduler.Completed(a1, T0);
        Assert.True(scheduler.TryTake(T0, out Job a2, out _));
        Assert.Equal(1, a2.Sequence);
    }

    [Fact]
    public void DrainingGivesBackEveryJobNotStarted()
    {
        var scheduler = new JobScheduler(new DispatchPolicy { PerHost = 1 });
        for (int i = 0; i < 4; i++)
        {
            scheduler.Enqueue(Job(i, $"https://a.test/{i}"));
        }
        Assert.True(scheduler.TryTake(T0, out _, out _));

        List<Job> drained = scheduler.Drain();

        Assert.Equal([1L, 2L, 3L], drained.Select(j => j.Sequence).Order());
        Assert.Equal(0, scheduler.Queued);
    }

    private static Job Job(long sequence, string url) => new(sequence, Lines.Of(url), null, null);
}
