using WebFetch.Fetching;
using WebFetch.Protocol;
using WebFetch.Tests.Support;
using WebFetch.Worker;
using Xunit;

namespace WebFetch.Tests.Worker;

/// <summary>A worker's fetchers: its own for requests without options, one per run's options, within one budget.</summary>
public sealed class FetcherCacheTests(FetchSite site) : IClassFixture<FetchSite>, IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public void Dispose() => _timeout.Dispose();

    private static DescriptorBudget Connections() => new(DescriptorBudget.Unlimited, 4);

    private static string OptionsWithToken(string token) =>
        FetchOptionsJson.Write(new FetchOptions { Headers = [new HeaderField("X-Token", token)], UserAgent = "cache-test", Retries = 0 });

    private static FetcherCache.Lease Rent(FetcherCache cache, string? options)
    {
        FetcherCache.Lease? lease = cache.TryRent(options, out string? problem);
        Assert.True(lease is not null, $"refused: {problem}");
        return lease;
    }

    [Fact]
    public void RequestsWithoutOptionsShareTheWorkersOwnFetcher()
    {
        using var cache = new FetcherCache(new FetchOptions(), Connections());

        using FetcherCache.Lease first = Rent(cache, null);
        using FetcherCache.Lease second = Rent(cache, null);

        Assert.Same(first.Fetcher, second.Fetcher);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TheSameOptionsShareAFetcherAndOtherOptionsGetTheirOwn()
    {
        using var cache = new FetcherCache(new FetchOptions(), Connections());

        using FetcherCache.Lease own = Rent(cache, null);
        using FetcherCache.Lease a1 = Rent(cache, OptionsWithToken("a"));
        using FetcherCache.Lease a2 = Rent(cache, OptionsWithToken("a"));
        using FetcherCache.Lease b = Rent(cache, OptionsWithToken("b"));

        Assert.Same(a1.Fetcher, a2.Fetcher);
        Assert.NotSame(a1.Fetcher, b.Fetcher);
        Assert.NotSame(own.Fetcher, a1.Fetcher);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void TheLeastRecentlyUsedOptionsFallOutPastTheCapacity()
    {
        using var cache = new FetcherCache(new FetchOptions(), Connections(), capacity: 2);
        PageFetcher a;
        using (FetcherCache.Lease lease = Rent(cache, OptionsWithToken("a")))
        {
            a = lease.Fetcher;
        }
        PageFetcher b;
        using (FetcherCache.Lease lease = Rent(cache, OptionsWithToken("b")))
        {
            b = lease.Fetcher;
        }
        using (FetcherCache.Lease again = Rent(cache, OptionsWithToken("a")))
        {
            Assert.Same(a, again.Fetcher); // a is now the most recently used, b the least
        }

        using (Rent(cache, OptionsWithToken("c")))
        {
            Assert.Equal(2, cache.Count);
        }

        using FetcherCache.Lease aKept = Rent(cache, OptionsWithToken("a"));
        using FetcherCache.Lease bMadeAgain = Rent(cache, OptionsWithToken("b"));
        Assert.Same(a, aKept.Fetcher);
        Assert.NotSame(b, bMadeAgain.Fetcher);
    }

    [Fact(Timeout = 30_000)]
    public async Task AFetcherThatFallsOutWhileInUseServesItsRequestAndIsDisposedWhenItEnds()
    {
        using var cache = new FetcherCache(new FetchOptions(), Connections(), capacity: 1);
        FetcherCache.Lease held = Rent(cache, OptionsWithToken("held"));
        PageFetcher evicted = held.Fetcher;

        using (Rent(cache, OptionsWithToken("newer")))
        {
            Assert.Equal(1, cache.Count);
        }
        FetchResult stillInUse = await evicted.FetchAsync(new Uri(site.Url("headers")), _timeout.Token);
        held.Dispose();
        FetchResult afterItsLastRequest = await evicted.FetchAsync(new Uri(site.Url("headers")), _timeout.Token);

        Assert.Null(stillInUse.Error);
        Assert.Equal("held|cache-test", stillInUse.Title);
        Assert.NotNull(afterItsLastRequest.Error);
        Assert.Contains("disposed", afterItsLastRequest.Error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact(Timeout = 30_000)]
    public async Task EachFetcherSendsTheHeadersOfItsOwnOptions()
    {
        using var cache = new FetcherCache(new FetchOptions { Headers = [new HeaderField("X-Token", "own")], UserAgent = "cache-test" }, Connections());
        using FetcherCache.Lease own = Rent(cache, null);
        using FetcherCache.Lease a = Rent(cache, OptionsWithToken("a"));
        using FetcherCache.Lease b = Rent(cache, OptionsWithToken("b"));
        var page = new Uri(site.Url("headers"));

        FetchResult[] results = await Task.WhenAll(
            own.Fetcher.FetchAsync(page, _timeout.Token), a.Fetcher.FetchAsync(page, _timeout.Token), b.Fetcher.FetchAsync(page, _timeout.Token));

        Assert.Equal(["own|cache-test", "a|cache-test", "b|cache-test"], results.Select(r => r.Title));
    }

    [Fact]
    public void EveryFetcherDrawsOnTheWorkersOneMemoryBudgetWhichGrowsForALargerMaxBytes()
    {
        using var cache = new FetcherCache(new FetchOptions(), Connections());
        long before = cache.Memory.Capacity;
        const long LargePages = 1L << 30;

        using FetcherCache.Lease own = Rent(cache, null);
        using FetcherCache.Lease small = Rent(cache, FetchOptionsJson.Write(new FetchOptions { MaxBytes = 1 << 20 }));
        using FetcherCache.Lease large = Rent(cache, FetchOptionsJson.Write(new FetchOptions { MaxBytes = LargePages }));

        Assert.Same(cache.Memory, own.Fetcher.Memory);
        Assert.Same(cache.Memory, small.Fetcher.Memory);
        Assert.Same(cache.Memory, large.Fetcher.Memory);
        Assert.Equal(MemoryBudget.ForPages(new FetchOptions().MaxBytes, keepsText: false), before);
        Assert.Equal(MemoryBudget.ForPages(LargePages, keepsText: false), cache.Memory.Capacity);
    }

    [Fact]
    public void TheLongestBudgetCoversTheSlowestOptionsServed()
    {
        var own = new FetchOptions();
        var slow = new FetchOptions { Timeout = own.Timeout * 4, Retries = own.Retries + 1 };
        using var cache = new FetcherCache(own, Connections());
        Assert.Equal(own.TotalBudget, cache.LongestBudget);

        using (Rent(cache, FetchOptionsJson.Write(slow)))
        {
        }
        using (Rent(cache, FetchOptionsJson.Write(new FetchOptions { Timeout = TimeSpan.FromSeconds(1), Retries = 0 })))
        {
        }

        Assert.Equal(slow.TotalBudget, cache.LongestBudget);
    }

    [Theory]
    [InlineData("{\"headers\":", "at the end of the JSON")]
    [InlineData("null", "the fetch options are null")]
    [InlineData("{\"user_agent\":\"\\u0001bad\"}", "")]
    public void OptionsThatCannotBeUsedAreRefusedWithTheReasonAndCacheNothing(string options, string reason)
    {
        using var cache = new FetcherCache(new FetchOptions(), Connections());

        FetcherCache.Lease? lease = cache.TryRent(options, out string? problem);

        Assert.Null(lease);
        Assert.False(string.IsNullOrWhiteSpace(problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Equal(0, cache.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task ManyRequestsWithManyOptionsAtOnceKeepTheCacheWithinItsCapacity()
    {
        using var cache = new FetcherCache(new FetchOptions(), Connections(), capacity: 3);
        string[] options = Enumerable.Range(0, 12).Select(n => OptionsWithToken($"t{n}")).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (int n = 0; n < 200; n++)
            {
                using FetcherCache.Lease lease = Rent(cache, options[(worker * 7 + n) % options.Length]);
                Assert.InRange(cache.Count, 1, 3);
                await Task.Yield();
            }
        })));

        Assert.Equal(3, cache.Count);
    }
}
