using WebFetch.Crawl;
using Xunit;

namespace WebFetch.Tests.Crawl;

public sealed class FragmentsTests
{
    [Fact]
    public void AFragmentMatchesAnAnchorAsWrittenOrPercentDecoded()
    {
        Assert.True(AnchorIndex.Has(["a b"], "a%20b"));
        Assert.True(AnchorIndex.Has(["a%20b"], "a%20b"));
        Assert.True(AnchorIndex.Has(["été"], "%C3%A9t%C3%A9"));
        Assert.False(AnchorIndex.Has(["Section"], "section"));
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
        index.Keep("http://a.invalid/p", ["intro", "usage"]);

        Assert.True(index.Check("http://a.invalid/p", "usage"));
        Assert.False(index.Check("http://a.invalid/p", "missing"));
        Assert.Null(index.Check("http://a.invalid/q", "usage"));
    }

    [Fact]
    public void PastItsBudgetTheIndexKeepsNoMorePagesAndCountsThem()
    {
        var index = new AnchorIndex(budgetBytes: 100);
        index.Keep("http://a.invalid/1", ["x"]);
        index.Keep("http://a.invalid/2", ["x", "y", "z", "w", "v", "u", "t", "s"]);

        Assert.True(index.Check("http://a.invalid/1", "x"));
        Assert.Null(index.Check("http://a.invalid/2", "x"));
        Assert.Equal(1, index.PagesNotKept);
    }
}
