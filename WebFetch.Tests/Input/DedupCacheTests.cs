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
}
