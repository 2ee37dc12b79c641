using Xunit;

namespace WebFetch.Tests;

public sealed class TimingsTests
{
    [Fact]
    public void AWorkerThatKeepsToItsBudgetWhileStoppingIsNeverTakenForStuck()
    {
        // A stopping worker waits the budget plus its drain margin, then aborts and waits once
        // more; the parent kills a worker busy for the budget plus its busy margin.
        Assert.True(Timings.DrainMargin + Timings.AbortedDrain < Timings.BusyMargin);
    }

    [Fact]
    public void EveryPollOfTheWorkerIsShorterThanTheWaitItServes()
    {
        Assert.True(Timings.IdlePoll < Timings.AbortedDrain);
        Assert.True(Timings.ReaderCheck < Timings.AnswerWrite);
        Assert.True(Timings.AcceptPoll < Defaults.WorkerTimeout);
    }

    [Fact]
    public void ARetryWaitIsNeverLongerThanTheLongestRetryWait()
    {
        Assert.True(Timings.BackoffBase <= Timings.BackoffCap);
        Assert.True(Timings.BackoffCap <= Timings.RetryMaxWait);
    }

    [Theory]
    [InlineData(1, 1, Timings.MinListenBacklog)]
    [InlineData(4, 8, Timings.MinListenBacklog)]
    [InlineData(16, 8, 512)]
    [InlineData(64, 8, 2048)]
    public void TheListenBacklogHoldsEveryConnectionTheWorkersServeFourTimesOverAndNeverFewerThanItsFloor(int workers, int concurrency, int backlog)
    {
        Assert.Equal(backlog, Timings.ListenBacklog(workers, concurrency));
    }

    [Fact]
    public void ACrowdedWorkerClosesIdleConnectionsSoonerThanAnUncrowdedOne()
    {
        Assert.True(Timings.ShortIdle < Timings.LongIdle);
        Assert.True(Timings.LongIdle < Timings.ConnectionLifetime);
    }
}
