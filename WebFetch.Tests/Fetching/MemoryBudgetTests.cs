using WebFetch.Fetching;
using WebFetch.Tests.Protocol;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Fetching;

public sealed class MemoryBudgetTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public void Dispose() => _timeout.Dispose();

    [Fact(Timeout = 10_000)]
    public async Task APageThatFitsIsGrantedAtOnce()
    {
        var budget = new MemoryBudget(100);
        using MemoryLease lease = budget.Open();

        Task take = lease.TakeAsync(60, _timeout.Token).AsTask();

        Assert.True(take.IsCompletedSuccessfully);
        await take;
        Assert.Equal(60, lease.Held);
        Assert.Equal(60, budget.Used);
    }

    [Fact]
    public void APageThatCouldNeverFitFailsAtOnceWithoutWaiting()
    {
        var budget = new MemoryBudget(100);
        using MemoryLease lease = budget.Open();
        lease.TryTake(30);

        MemoryBudgetException error = Assert.Throws<MemoryBudgetException>(() => { _ = lease.TakeAsync(71, _timeout.Token).AsTask(); });

        Assert.False(error.Contended);
        Assert.Contains("100-byte memory budget", error.Message, StringComparison.Ordinal);
        Assert.Equal(30, budget.Used);
    }

    [Fact(Timeout = 10_000)]
    public async Task ABudgetThatGrowsLetsInTheWaitersThatNowFitAndNeverShrinks()
    {
        var budget = new MemoryBudget(100);
        using MemoryLease first = budget.Open();
        await first.TakeAsync(80, _timeout.Token);
        using MemoryLease second = budget.Open();
        Task waiting = second.TakeAsync(50, _timeout.Token).AsTask();
        Assert.False(waiting.IsCompleted);

        budget.GrowTo(130);
        await waiting;
        budget.GrowTo(120);

        Assert.Equal(130, budget.Capacity);
        Assert.Equal(130, budget.Used);
        using MemoryLease third = budget.Open();
        Assert.Throws<MemoryBudgetException>(() => { _ = third.TakeAsync(131, _timeout.Token).AsTask(); });
    }

    [Fact(Timeout = 10_000)]
    public async Task APageWaitsUntilAnotherGivesItsShareBack()
    {
        var budget = new MemoryBudget(100);
        MemoryLease first = budget.Open();
        await first.TakeAsync(80, _timeout.Token);
        using MemoryLease second = budget.Open();

        Task waiting = second.TakeAsync(50, _timeout.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        first.Dispose();
        await waiting;

        Assert.Equal(50, budget.Used);
        Assert.Equal(0, first.Held);
    }

    [Fact(Timeout = 10_000)]
    public async Task WaitingPagesAreServedInTheOrderTheyAsked()
    {
        var budget = new MemoryBudget(100);
        MemoryLease holder = budget.Open();
        await holder.TakeAsync(90, _timeout.Token);
        using MemoryLease large = budget.Open();
        using MemoryLease small = budget.Open();

        Task largeWaits = large.TakeAsync(60, _timeout.Token).AsTask();
        Task smallWaits = small.TakeAsync(5, _timeout.Token).AsTask(); // 10 are free, but it asked after
        Assert.False(smallWaits.IsCompleted);
        Assert.False(small.TryTake(5));
        holder.Dispose();
        await Task.WhenAll(largeWaits, smallWaits);

        Assert.Equal(65, budget.Used);
    }

    [Fact(Timeout = 10_000)]
    public async Task WhenEveryPageHoldingTheBudgetWaitsTheLatestGivesWay()
    {
        var budget = new MemoryBudget(100);
        using MemoryLease older = budget.Open();
        MemoryLease younger = budget.Open();
        await older.TakeAsync(60, _timeout.Token);
        await younger.TakeAsync(40, _timeout.Token);

        Task olderWaits = older.TakeAsync(30, _timeout.Token).AsTask();
        Task youngerWaits = younger.TakeAsync(30, _timeout.Token).AsTask();

        MemoryBudgetException error = await Assert.ThrowsAsync<MemoryBudgetException>(() => youngerWaits);
        Assert.True(error.Contended);
        Assert.Contains("taken by other pages", error.Message, StringComparison.Ordinal);
        Assert.False(olderWaits.IsCompleted); // until the younger lets go of what it holds
        younger.Dispose();
        await olderWaits;
        Assert.Equal(90, budget.Used);
    }

    [Fact(Timeout = 10_000)]
    public async Task ACancelledWaitLeavesTheQueueAndTakesNothing()
    {
        var budget = new MemoryBudget(100);
        MemoryLease holder = budget.Open();
        await holder.TakeAsync(100, _timeout.Token);
        using MemoryLease waiter = budget.Open();
        using var cancel = new CancellationTokenSource();

        Task waiting = waiter.TakeAsync(10, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        holder.Dispose();
        Assert.Equal(0, budget.Used);
        using MemoryLease next = budget.Open();
        Assert.True(next.TryTake(100));
    }

    [Fact]
    public void TheBudgetHoldsOneLargestPageAndNeverLessThanTheMinimum()
    {
        Assert.Equal(MemoryBudget.MinimumCapacity, MemoryBudget.ForPages(10L << 20, keepsText: false));
        Assert.Equal((1L << 30) + 2 * ((1L << 30) + 1), MemoryBudget.ForPages(1L << 30, keepsText: false));
        Assert.Equal((1L << 30) + 4 * ((1L << 30) + 1), MemoryBudget.ForPages(1L << 30, keepsText: true));
    }

    /// <summary>Many pages taking and giving back at random: the sum never passes the capacity, and all of them finish.</summary>
    [Fact(Timeout = 30_000)]
    public async Task ConcurrentPagesNeverPassTheCapacityAndNeverDeadlock()
    {
        const long Capacity = 1000;
        var budget = new MemoryBudget(Capacity);
        long peak = 0;
        int contended = 0;
        async Task PageAsync(int seed)
        {
            var random = new Random(seed);
            while (true)
            {
                using MemoryLease lease = budget.Open();
                try
                {
                    for (int step = 0; step < 5; step++)
                    {
                        await lease.TakeAsync(random.Next(1, 200), _timeout.Token);
                        long used = budget.Used;
                        Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), used));
                        await Task.Yield();
                    }
                    return;
                }
                catch (MemoryBudgetException e) when (e.Contended)
                {
                    Interlocked.Increment(ref contended); // gave way: another attempt, as the fetcher makes
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => PageAsync(i))));

        Assert.InRange(Interlocked.Read(ref peak), 1, Capacity);
        Assert.Equal(0, budget.Used);
    }

    [Fact(Timeout = 10_000)]
    public async Task ALargeBodyTakesItsBufferFromTheLeaseInBoundedStepsAndGivesItAllBack()
    {
        const int Size = 40 << 20;
        var budget = new MemoryBudget(1L << 30);
        using MemoryLease lease = budget.Open();
        var stream = new EndlessStream((byte)'a');

        using (BodyBuffer body = await BodyBuffer.ReadAsync(new LimitedStream(stream, Size), Size, expectedLength: null, lease, _timeout.Token))
        {
            Assert.Equal(Size, body.Length);
            Assert.True(body.IsLarge);
            Assert.InRange(lease.Held, Size + 1, Size + 1 + BodyBuffer.GrowthStep); // not the doubling's 64 MiB
            Assert.Equal((byte)'a', body.Span[^1]);
        }

        Assert.Equal(0, lease.Held);
        Assert.Equal(0, budget.Used);
    }

    [Fact(Timeout = 10_000)]
    public async Task ABodyWaitsForRoomInTheBudgetBeforeItGrows()
    {
        var budget = new MemoryBudget(4 << 20);
        MemoryLease other = budget.Open();
        await other.TakeAsync(3 << 20, _timeout.Token);
        using MemoryLease lease = budget.Open();

        Task<BodyBuffer> reading = BodyBuffer.ReadAsync(new LimitedStream(new EndlessStream((byte)'a'), 2 << 20), 3 << 20, expectedLength: null, lease, _timeout.Token);
        Assert.False(await CompletesWithinAsync(reading));
        Assert.InRange(budget.Used, 3 << 20, 4 << 20);
        other.Dispose();
        using BodyBuffer body = await reading;

        Assert.Equal(2 << 20, body.Length);
    }

    [Fact(Timeout = 10_000)]
    public async Task ABodyOverTheCapGivesBackWhatItTook()
    {
        var budget = new MemoryBudget(1L << 30);
        using MemoryLease lease = budget.Open();

        await Assert.ThrowsAsync<BodyTooLargeException>(() =>
            BodyBuffer.ReadAsync(new EndlessStream((byte)'a'), 5 << 20, expectedLength: null, lease, _timeout.Token));

        Assert.Equal(0, budget.Used);
    }

    /// <summary>Whether <paramref name="task"/> finishes while the test polls it for a while (it should not: it waits for room).</summary>
    private static async Task<bool> CompletesWithinAsync(Task task)
    {
        for (int i = 0; i < 20 && !task.IsCompleted; i++)
        {
            await Task.Delay(10);
        }
        return task.IsCompleted;
    }

    /// <summary>The first <c>length</c> bytes of a stream.</summary>
    private sealed class LimitedStream(Stream inner, long length) : ReadOnlyTestStream
    {
        private long _left = length;

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }
    }
}
