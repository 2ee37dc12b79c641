using WebFetch.Input;
using Xunit;

namespace WebFetch.Tests.Input;

public sealed class DedupCacheTests
{
    [Fact]
    public void ARememberedUrlIsFound()
    {
        var cache = new DedupCache<int>(3);
        cache.Add("a", 1);

        Assert.True(cache.TryGet("a", out int value));
        Assert.Equal(1, value);
        Assert.False(cache.TryGet("b", out _));
    }

    [Fact]
    public void TheLeastRecentlyUsedUrlIsEvictedBeyondTheCapacity()
    {
        var cache = new DedupCache<int>(2);
        cache.Add("a", 1);
        cache.Add("b", 2);
        Assert.True(cache.TryGet("a", out _)); // a is now more recent than b
        cache.Add("c", 3);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
    }

    [Fact]
    public void MemoryStaysBoundedForAMillionDistinctUrls()
    {
        var cache = new DedupCache<int>(1000);
        for (int i = 0; i < 1_000_000; i++)
        {
            cache.Add($"http://example.com/{i}", i);
        }

        Assert.Equal(1000, cache.Count);
        Assert.True(cache.TryGet("http://example.com/999999", out int last));
        Assert.Equal(999_999, last);
        Assert.False(cache.TryGet("http://example.com/998999", out _));
    }

    [Fact]
    public void AnEntryThatGoesOverTheBudgetEvictsTheOldest()
    {
        var cache = new DedupCache<int>(100, budgetBytes: 100);
        cache.Add("a", 1, 40);
        cache.Add("b", 2, 40);
        cache.Add("c", 3, 40);

        Assert.False(cache.TryGet("a", out _)); // a miss: a repeat of it is fetched again
        Assert.True(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(80, cache.Bytes);
    }

    [Fact]
    public void ARecordWeighedOnceKnownEvictsTheOldestAndOneHeavierThanTheBudgetIsNotKept()
    {
        var cache = new DedupCache<string>(100, budgetBytes: 100);
        cache.Add("a", "first a", 10);
        cache.Add("b", "first b", 10);

        Assert.True(cache.Weigh("b", "first b", 95));
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(95, cache.Bytes);

        Assert.False(cache.Weigh("b", "first b", 101));
        Assert.False(cache.TryGet("b", out _));
        Assert.Equal(0, cache.Bytes);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void AnEntryHeavierThanTheBudgetLeavesTheOthersInPlace()
    {
        var cache = new DedupCache<int>(100, budgetBytes: 100);
        cache.Add("a", 1, 60);
        cache.Add("huge", 2, 500);

        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("huge", out _));
        Assert.Equal(60, cache.Bytes);
    }

    [Fact]
    public void TheWeightOfAnEntryReplacedByALaterOccurrenceIsNotChangedByTheEarlierOne()
    {
        var cache = new DedupCache<string>(100, budgetBytes: 100);
        cache.Add("a", "first", 10);
        cache.Add("a", "second", 20);

        Assert.False(cache.Weigh("a", "first", 90));
        Assert.True(cache.TryGet("a", out string? kept));
        Assert.Equal("second", kept);
        Assert.Equal(20, cache.Bytes);
    }

    [Fact]
    public void TheBytesKeptNeverExceedTheBudget()
    {
        const long Budget = 64 * 1024;
        var cache = new DedupCache<int>(1024, Budget);
        var random = new Random(15);
        var weights = new Dictionary<string, long>();
        for (int i = 0; i < 20_000; i++)
        {
            string key = $"http://example.com/{random.Next(3000)}";
            long bytes = random.Next(1, 8 * 1024);
            if (random.Next(2) == 0)
            {
                cache.Add(key, i, 100);
                weights[key] = 100;
            }
            if (cache.TryGet(key, out int value) && cache.Weigh(key, value, bytes))
            {
                weights[key] = bytes;
            }
            Assert.InRange(cache.Bytes, 0, Budget);
            Assert.InRange(cache.Count, 0, 1024);
        }
        long sum = weights.Where(w => cache.TryGet(w.Key, out _)).Sum(w => w.Value);
        Assert.Equal(sum, cache.Bytes);
    }
}
