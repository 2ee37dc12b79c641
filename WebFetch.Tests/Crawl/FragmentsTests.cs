using WebFetch.Crawl;
using WebFetch.Urls;
using Xunit;

namespace WebFetch.Tests.Crawl;

public sealed class FragmentsTests
{
    [Fact]
    public void AFragmentMatchesAnAnchorAsWrittenOrPercentDecoded()
    {
        Assert.True(Page("a b").Has("a%20b"));
        Assert.True(Page("a%20b").Has("a%20b"));
        Assert.True(Page("été").Has("%C3%A9t%C3%A9"));
        Assert.False(Page("Section").Has("section"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("top")]
    [InlineData("TOP")]
    public void AnEmptyFragmentAndTopNeedNoElement(string fragment) => Assert.True(Fragments.AlwaysFound(fragment));

    [Fact]
    public void TheIndexSaysUnknownForAPageItDoesNotHold()
    {
        var index = new AnchorIndex(budgetBytes: 1 << 20);
        index.Keep("http://a.invalid/p", Page("intro", "usage"));

        Assert.True(index.Check("http://a.invalid/p", "usage"));
        Assert.False(index.Check("http://a.invalid/p", "missing"));
        Assert.Null(index.Check("http://a.invalid/q", "usage"));
    }

    [Fact]
    public void PastItsBudgetTheIndexKeepsNoMorePagesAndCountsThem()
    {
        var index = new AnchorIndex(budgetBytes: 100);
        index.Keep("http://a.invalid/1", Page("x"));
        index.Keep("http://a.invalid/2", Page("x", "y", "z", "w", "v", "u", "t", "s"));

        Assert.True(index.Check("http://a.invalid/1", "x"));
        Assert.Null(index.Check("http://a.invalid/2", "x"));
        Assert.Equal(1, index.PagesNotKept);
    }

    [Theory]
    [InlineData("872-894", true)]
    [InlineData("872-872", true)]
    [InlineData("872-998", false)]
    [InlineData("999-1200", false)]
    [InlineData("894-872", false)]
    [InlineData("0872-894", false)]
    [InlineData("872-", false)]
    [InlineData("a-b", false)]
    public void ALineRangeIsFoundWhenThePageHasItsFirstAndLastLine(string fragment, bool found) =>
        Assert.Equal(found, Page("1", "872", "894", "999", "a", "b").Has(fragment));

    private static AnchorPage Page(params string[] anchors) => new(anchors, null, null);
}
