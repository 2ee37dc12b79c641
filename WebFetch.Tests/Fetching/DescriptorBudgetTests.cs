using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

public sealed class DescriptorBudgetTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 10_000)]
    public async Task RequestsEnterWhileTheirConnectionsFit()
    {
        var budget = new DescriptorBudget(capacity: 3, concurrency: 1);
        budget.Opened();

        await budget.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Bound);
        await budget.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Bound);

        Assert.Equal(1, budget.Open);
    }

    [Fact(Timeout = 10_000)]
    public async Task ARequestWaitsUntilAnIdleConnectionCloses()
    {
        var budget = new DescriptorBudget(capacity: 2, concurrency: 1);
        budget.Opened();
        budget.Opened();

        Task entered = budget.EnterAsync(CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(entered.IsCompleted);

        budget.Closed();
        await entered.WaitAsync(Bound);
    }

    [Fact(Timeout = 10_000)]
    public async Task ARequestWaitsUntilAnotherRequestLeaves()
    {
        var budget = new DescriptorBudget(capacity: 1, concurrency: 1);
        await budget.EnterAsync(CancellationToken.None);

        Task second = budget.EnterAsync(CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        budget.Leave();
        await second.WaitAsync(Bound);
    }

    [Fact(Timeout = 10_000)]
    public async Task AWaitingRequestEndsWithItsTime()
    {
        var budget = new DescriptorBudget(capacity: 1, concurrency: 1);
        budget.Opened();
        using var time = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => budget.EnterAsync(time.Token).AsTask().WaitAsync(Bound));

        budget.Closed(); // the cancelled wait took nothing: the budget is whole again
        await budget.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Bound);
    }

    [Fact]
    public void ItIsCrowdedOnceHalfTheRoomBeyondTheRequestsInFlightIsTaken()
    {
        // 20 connections, 4 of them kept for the requests in flight: 8 may be kept idle for long.
        var budget = new DescriptorBudget(capacity: 20, concurrency: 4);
        for (int i = 0; i < 8; i++)
        {
            Assert.False(budget.IsCrowded);
            budget.Opened();
        }
        Assert.False(budget.IsCrowded);
        budget.Opened();
        Assert.True(budget.IsCrowded);
        budget.Closed();
        Assert.False(budget.IsCrowded);
    }

    [Fact]
    public void WithNoRoomBeyondTheRequestsInFlightEveryConnectionIsShortLived()
    {
        var budget = new DescriptorBudget(capacity: 4, concurrency: 4);
        budget.Opened();

        Assert.True(budget.IsCrowded);
    }

    [Fact(Timeout = 10_000)]
    public async Task AWaitForAFreedDescriptorEndsWhenOneIsFreedOrAfterThePause()
    {
        var budget = new DescriptorBudget(capacity: 4, concurrency: 1);
        budget.Opened();

        Task freed = budget.FreedAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.False(freed.IsCompleted);
        budget.Closed();
        await freed.WaitAsync(Bound);

        await budget.FreedAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None).WaitAsync(Bound); // nothing freed: the pause ends it
    }

    [Fact]
    public void FreeingWhatWasNeverCountedIsABug()
    {
        var budget = new DescriptorBudget(capacity: 4, concurrency: 1);

        Assert.Throws<InvalidOperationException>(budget.Closed);
        Assert.Throws<InvalidOperationException>(budget.Leave);
    }
}
