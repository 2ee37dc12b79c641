using Microsoft.Extensions.Time.Testing;
using WebFetch.Supervisor;
using Xunit;

namespace WebFetch.Tests.Supervisor;

/// <summary>The one wake primitive of the parent's loops, on a fake clock.</summary>
public sealed class AsyncSignalTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AWaitEndsWhenItsTimeoutHasPassedOnTheClock()
    {
        var clock = new FakeTimeProvider();
        var signal = new AsyncSignal(clock);

        Task wait = signal.WaitAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await wait.WaitAsync(Bound);
    }

    [Fact]
    public async Task ASetWakesAWaitBeforeItsTimeout()
    {
        var signal = new AsyncSignal(new FakeTimeProvider());
        Task wait = signal.WaitAsync(TimeSpan.FromHours(1), CancellationToken.None);
        Assert.False(wait.IsCompleted);

        signal.Set();

        await wait.WaitAsync(Bound);
    }

    [Fact]
    public async Task SetsThatComeWhileNobodyWaitsAreKeptAsOneWakeUp()
    {
        var signal = new AsyncSignal(new FakeTimeProvider());
        signal.Set();
        signal.Set();

        Assert.True(signal.WaitAsync(TimeSpan.FromHours(1), CancellationToken.None).IsCompletedSuccessfully);
        Task next = signal.WaitAsync(TimeSpan.FromHours(1), CancellationToken.None);
        Assert.False(next.IsCompleted);
        signal.Set();
        await next.WaitAsync(Bound);
    }

    [Fact]
    public async Task ACancelledWaitThrows()
    {
        var signal = new AsyncSignal(new FakeTimeProvider());
        using var cancel = new CancellationTokenSource();
        Task wait = signal.WaitAsync(TimeSpan.FromHours(1), cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Bound));
    }
}
