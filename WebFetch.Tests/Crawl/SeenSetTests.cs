using WebFetch.Crawl;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Crawl;

public sealed class SeenSetTests
{
    [Fact]
    public void AUrlIsNewOnlyOnce()
    {
        var seen = new SeenSet();

        Assert.True(seen.Add("http://a.invalid/x"));
        Assert.False(seen.Add("http://a.invalid/x"));
        Assert.True(seen.Add("http://a.invalid/y"));
        Assert.True(seen.Contains("http://a.invalid/y"));
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void AHundredThousandDistinctUrlsAreAllNew()
    {
        var seen = new SeenSet();

        for (int i = 0; i < 100_000; i++)
        {
            Assert.True(seen.Add($"http://a.invalid/page/{i}.html"));
        }
    }

    [Fact]
    public void AReferrerListKeepsTheFirstTenAndCountsAll()
    {
        var list = new ReferrerList();
        for (int i = 1; i <= 25; i++)
        {
            list.Add(new Referrer($"http://a.invalid/{i}", i, 1, "a@href", null));
        }

        Assert.Equal(Defaults.MaxReferrers, list.First.Count);
        Assert.Equal("http://a.invalid/1", list.First[0].Url);
        Assert.Equal(25, list.Total);
    }

}
