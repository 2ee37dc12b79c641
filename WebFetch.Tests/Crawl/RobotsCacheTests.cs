using System.Text;
using Microsoft.Extensions.Time.Testing;
using WebFetch.Crawl;
using WebFetch.Urls;
using Xunit;

namespace WebFetch.Tests.Crawl;

public sealed class RobotsCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    private static string Key(string url) =>
        WebUrl.TryParse(url, out WebUrl? parsed, out string? error) ? RobotsCache.KeyOf(parsed) : throw new ArgumentException(error);

    private static RobotsRules Rules(string disallow) => RobotsRules.Parse(Encoding.UTF8.GetBytes($"User-agent: *\nDisallow: {disallow}\n"), "webfetch");

    [Fact]
    public void TheKeyIsTheSchemeHostAndPort()
    {
        Assert.Equal("http://example.invalid:80", Key("http://EXAMPLE.invalid/a?b"));
        Assert.Equal(Key("http://example.invalid/a"), Key("http://example.invalid:80/b"));
        Assert.NotEqual(Key("http://example.invalid/"), Key("https://example.invalid/"));
        Assert.NotEqual(Key("http://example.invalid/"), Key("http://example.invalid:8080/"));
        Assert.NotEqual(Key("http://example.invalid/"), Key("http://www.example.invalid/"));
    }

    [Fact]
    public void RulesAreKeptForADayAndNoLonger()
    {
        var cache = new RobotsCache(_time);
        RobotsRules rules = Rules("/private");
        cache.Set("http://127.0.0.1:80", rules);

        _time.Advance(Defaults.RobotsLifetime - TimeSpan.FromSeconds(1));
        Assert.True(cache.TryGet("http://127.0.0.1:80", out RobotsRules? kept));
        Assert.Same(rules, kept);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet("http://127.0.0.1:80", out _));
        Assert.Equal(0, cache.Count);
        Assert.Equal(TimeSpan.FromHours(24), Defaults.RobotsLifetime);
    }

    [Fact]
    public void RulesSetAgainReplaceTheOldOnesAndTheirAge()
    {
        var cache = new RobotsCache(_time);
        cache.Set("a", Rules("/old"));
        _time.Advance(TimeSpan.FromHours(23));
        RobotsRules fresh = Rules("/new");
        cache.Set("a", fresh);
        _time.Advance(TimeSpan.FromHours(23));

        Assert.True(cache.TryGet("a", out RobotsRules? kept));
        Assert.Same(fresh, kept);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void TheLeastRecentlyUsedOriginGoesFirstPastTheCapacity()
    {
        var cache = new RobotsCache(_time, capacity: 2, budgetBytes: long.MaxValue, Defaults.RobotsLifetime);
        cache.Set("a", RobotsRules.AllowAll);
        cache.Set("b", RobotsRules.AllowAll);
        Assert.True(cache.TryGet("a", out _));

        cache.Set("c", RobotsRules.DisallowAll);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
    }

    [Fact]
    public void RulesPastTheMemoryBudgetPushOutTheOldestButTheNewestStays()
    {
        RobotsRules big = Rules("/" + new string('x', 10_000));
        var cache = new RobotsCache(_time, capacity: 100, budgetBytes: big.SizeBytes * 2, Defaults.RobotsLifetime);
        cache.Set("a", big);
        cache.Set("b", big);
        cache.Set("c", big);

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet("a", out _));

        var tiny = new RobotsCache(_time, capacity: 100, budgetBytes: 1, Defaults.RobotsLifetime);
        tiny.Set("a", big);
        Assert.True(tiny.TryGet("a", out _));
    }
}
