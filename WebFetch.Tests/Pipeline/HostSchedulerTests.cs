using WebFetch.Pipeline;
using Xunit;

namespace WebFetch.Tests.Pipeline;

public sealed class HostSchedulerTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(1);

    [Fact]
    public void UrlsComeInReadOrderWhenNothingLimits()
    {
        var scheduler = new HostScheduler<string>(perHost: 0, delay: TimeSpan.Zero);
        scheduler.Enqueue("a", 0, "a0");
        scheduler.Enqueue("b", 1, "b1");
        scheduler.Enqueue("a", 2, "a2");

        Assert.Equal(["a0", "b1", "a2"], TakeAll(scheduler, T0));
        Assert.Equal(0, scheduler.Queued);
    }

    [Fact]
    public void AHostAtItsLimitLetsTheOtherHostsPass()
    {
        var scheduler = new HostScheduler<string>(perHost: 1, delay: TimeSpan.Zero);
        for (int i = 0; i < 5; i++)
        {
            scheduler.Enqueue("slow", i, $"slow{i}");
        }
        scheduler.Enqueue("fast", 5, "fast5");
        scheduler.Enqueue("other", 6, "other6");

        Assert.Equal(["slow0", "fast5", "other6"], TakeAll(scheduler, T0));
        Assert.Equal(4, scheduler.Queued);
        scheduler.Completed("fast", T0);
        scheduler.Enqueue("fast", 7, "fast7");
        Assert.Equal(["fast7"], TakeAll(scheduler, T0));
    }

    [Fact]
    public void ACompletionFreesTheHostsNextUrl()
    {
        var scheduler = new HostScheduler<string>(perHost: 2, delay: TimeSpan.Zero);
        for (int i = 0; i < 4; i++)
        {
            scheduler.Enqueue("h", i, $"u{i}");
        }

        Assert.Equal(["u0", "u1"], TakeAll(scheduler, T0));
        scheduler.Completed("h", T0);
        Assert.Equal(["u2"], TakeAll(scheduler, T0));
        scheduler.Completed("h", T0);
        scheduler.Completed("h", T0);
        Assert.Equal(["u3"], TakeAll(scheduler, T0));
    }

    [Fact]
    public void TheDelaySpacesTheStartsToOneHostButNotToOthers()
    {
        var delay = TimeSpan.FromMilliseconds(500);
        var scheduler = new HostScheduler<string>(perHost: 0, delay);
        scheduler.Enqueue("a", 0, "a0");
        scheduler.Enqueue("a", 1, "a1");
        scheduler.Enqueue("b", 2, "b2");

        Assert.Equal(["a0", "b2"], TakeAll(scheduler, T0));
        Assert.Equal(T0 + delay, scheduler.NextAllowedAt);
        Assert.Empty(TakeAll(scheduler, T0 + delay - TimeSpan.FromMilliseconds(1)));
        Assert.Equal(["a1"], TakeAll(scheduler, T0 + delay));
    }

    [Fact]
    public void AHostThatAskedForALongerDelayGetsItAndTheOthersKeepTheRunsDelay()
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var asked = new HostDelays();
        asked.Set("slow", TimeSpan.FromSeconds(2));
        asked.Set("eager", TimeSpan.FromMilliseconds(10));
        var scheduler = new HostScheduler<string>(perHost: 0, delay, asked);
        foreach (string host in (string[])["slow", "eager", "other"])
        {
            scheduler.Enqueue(host, 0, host + "0");
            scheduler.Enqueue(host, 1, host + "1");
        }

        Assert.Equal(["slow0", "eager0", "other0"], TakeAll(scheduler, T0));
        Assert.Equal(["eager1", "other1"], TakeAll(scheduler, T0 + delay));
        Assert.Empty(TakeAll(scheduler, T0 + TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(1)));
        Assert.Equal(["slow1"], TakeAll(scheduler, T0 + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void TheDelayIsRememberedForAHostWithNothingQueued()
    {
        var delay = TimeSpan.FromMilliseconds(500);
        var scheduler = new HostScheduler<string>(perHost: 0, delay);
        scheduler.Enqueue("a", 0, "a0");
        Assert.Equal(["a0"], TakeAll(scheduler, T0));
        scheduler.Completed("a", T0 + TimeSpan.FromMilliseconds(10));

        scheduler.Enqueue("a", 1, "a1");
        Assert.Empty(TakeAll(scheduler, T0 + TimeSpan.FromMilliseconds(100)));
        Assert.Equal(["a1"], TakeAll(scheduler, T0 + delay));
    }

    [Fact]
    public void IdleHostsAreForgottenOnceTheirDelayPassed()
    {
        var scheduler = new HostScheduler<string>(perHost: 0, TimeSpan.FromMilliseconds(100));
        for (int i = 0; i < 100; i++)
        {
            scheduler.Enqueue($"h{i}", i, $"u{i}");
        }
        Assert.Equal(100, TakeAll(scheduler, T0).Count);
        for (int i = 0; i < 100; i++)
        {
            scheduler.Completed($"h{i}", T0);
        }
        Assert.Equal(100, scheduler.HostCount);

        scheduler.Completed(Take(scheduler, "late", T0 + TimeSpan.FromSeconds(1)), T0 + TimeSpan.FromSeconds(1));
        Assert.Equal(1, scheduler.HostCount);
    }

    [Fact]
    public void DrainReturnsEveryQueuedUrl()
    {
        var scheduler = new HostScheduler<string>(perHost: 1, delay: TimeSpan.Zero);
        scheduler.Enqueue("a", 0, "a0");
        scheduler.Enqueue("a", 1, "a1");
        scheduler.Enqueue("b", 2, "b2");
        Assert.Equal(["a0", "b2"], TakeAll(scheduler, T0));

        Assert.Equal(["a1"], scheduler.Drain());
        Assert.Equal(0, scheduler.Queued);
        scheduler.Completed("a", T0);
        Assert.Empty(TakeAll(scheduler, T0));
    }

    [Fact]
    public void CompletingAHostWithNothingInFlightIsABug()
    {
        var scheduler = new HostScheduler<string>(perHost: 0, delay: TimeSpan.Zero);

        Assert.Throws<InvalidOperationException>(() => scheduler.Completed("nowhere", T0));
    }

    private static string Take(HostScheduler<string> scheduler, string host, TimeSpan now)
    {
        scheduler.Enqueue(host, long.MaxValue, host);
        Assert.True(scheduler.TryTake(now, out _, out string taken));
        return taken;
    }

    private static List<string> TakeAll(HostScheduler<string> scheduler, TimeSpan now)
    {
        var taken = new List<string>();
        while (scheduler.TryTake(now, out string item, out _))
        {
            taken.Add(item);
        }
        return taken;
    }
}
