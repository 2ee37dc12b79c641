using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>A large page is parsed alone: other large pages and small ones wait for it, and nothing waits otherwise.</summary>
public sealed class LargePageGateTests : IDisposable
{
    private const int Large = LargePageGate.Threshold + 1;

    private readonly LargePageGate _gate = new();
    private readonly ManualResetEventSlim _firstEntered = new();
    private readonly ManualResetEventSlim _releaseFirst = new();

    public void Dispose()
    {
        _releaseFirst.Set();
        _gate.Dispose();
        _firstEntered.Dispose();
        _releaseFirst.Dispose();
    }

    [Fact(Timeout = 30_000)]
    public async Task ASecondLargePageWaitsUntilTheFirstIsParsed()
    {
        var order = new List<string>();
        Task<string> first = Task.Run(() => _gate.ParseAsync(Large, () => Hold("first", order), CancellationToken.None));
        Assert.True(_firstEntered.Wait(TimeSpan.FromSeconds(20)), "the first parse never started");

        Task<string> second = _gate.ParseAsync(Large, () => Record("second", order), CancellationToken.None);

        Assert.False(second.IsCompleted);
        lock (order)
        {
            Assert.Equal(["first started"], order);
        }
        _releaseFirst.Set();
        Assert.Equal("first", await first);
        Assert.Equal("second", await second);
        Assert.Equal(["first started", "first done", "second"], order);
    }

    [Fact(Timeout = 30_000)]
    public async Task ASmallPageWaitsWhileALargeOneIsParsed()
    {
        var order = new List<string>();
        Task<string> large = Task.Run(() => _gate.ParseAsync(Large, () => Hold("large", order), CancellationToken.None));
        Assert.True(_firstEntered.Wait(TimeSpan.FromSeconds(20)), "the large parse never started");

        Task<string> small = _gate.ParseAsync(LargePageGate.Threshold, () => Record("small", order), CancellationToken.None);

        Assert.False(small.IsCompleted);
        _releaseFirst.Set();
        Assert.Equal("large", await large);
        Assert.Equal("small", await small);
        Assert.Equal(["large started", "large done", "small"], order);
    }

    [Fact(Timeout = 30_000)]
    public async Task SmallPagesDoNotWaitForEachOther()
    {
        var order = new List<string>();
        Task<string> first = Task.Run(() => _gate.ParseAsync(LargePageGate.Threshold, () => Hold("first", order), CancellationToken.None));
        Assert.True(_firstEntered.Wait(TimeSpan.FromSeconds(20)), "the first parse never started");

        Task<string> second = _gate.ParseAsync(100, () => Record("second", order), CancellationToken.None);

        Assert.True(second.IsCompletedSuccessfully);
        Assert.Equal("second", await second);
        _releaseFirst.Set();
        Assert.Equal("first", await first);
        Assert.Equal(["first started", "second", "first done"], order);
    }

    [Fact(Timeout = 30_000)]
    public async Task AWaitingParseEndsWhenItsFetchIsCancelled()
    {
        var order = new List<string>();
        Task<string> large = Task.Run(() => _gate.ParseAsync(Large, () => Hold("large", order), CancellationToken.None));
        Assert.True(_firstEntered.Wait(TimeSpan.FromSeconds(20)), "the large parse never started");
        using var cancel = new CancellationTokenSource();

        Task<string> small = _gate.ParseAsync(100, () => Record("small", order), cancel.Token);
        Task<string> otherLarge = _gate.ParseAsync(Large, () => Record("other large", order), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => small);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => otherLarge);
        _releaseFirst.Set();
        Assert.Equal("large", await large);
        Assert.Equal(["large started", "large done"], order);
    }

    [Fact(Timeout = 30_000)]
    public async Task AFailedLargeParseLetsTheNextOneIn()
    {
        await Assert.ThrowsAsync<ParseTimeoutException>(() =>
            _gate.ParseAsync<string>(Large, () => throw new ParseTimeoutException(TimeSpan.FromSeconds(1)), CancellationToken.None));

        Task<string> next = _gate.ParseAsync(Large, () => "next", CancellationToken.None);

        Assert.True(next.IsCompletedSuccessfully);
        Assert.Equal("next", await next);
    }

    private string Hold(string name, List<string> order)
    {
        Record(name + " started", order);
        _firstEntered.Set();
        Assert.True(_releaseFirst.Wait(TimeSpan.FromSeconds(20)), "never released");
        Record(name + " done", order);
        return name;
    }

    private static string Record(string what, List<string> order)
    {
        lock (order)
        {
            order.Add(what);
        }
        return what;
    }
}
