using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The URLs of srcset attributes, as the HTML standard's "parse a srcset attribute" finds them.</summary>
public sealed class SrcsetTests
{
    [Theory]
    [InlineData("a.png", "a.png")]
    [InlineData("a.png 1x, b.png 2x", "a.png|b.png")]
    [InlineData("  ,, a.png 100w ,b.png 200w,", "a.png|b.png")]
    [InlineData("a,b.png 1x", "a,b.png")]
    [InlineData("a.png,b.png", "a.png,b.png")]
    [InlineData("a.png, b.png", "a.png|b.png")]
    [InlineData("a.png,, b.png", "a.png|b.png")]
    [InlineData("data:image/png;base64,AAAA 1x, c.png 2x", "data:image/png;base64,AAAA|c.png")]
    [InlineData("a.png 100w 50h, b.png 1.5x, c.png .5x, d.png 1e1x", "a.png|b.png|c.png|d.png")]
    [InlineData("a.png 1x 2x, b.png 100w 1x, c.png 50h, d.png -1x, e.png 0w, f.png foo(1, 2), g.png", "g.png")]
    [InlineData("a.png 1x\t,\nb.png\f2x", "a.png|b.png")]
    [InlineData("", "")]
    [InlineData(" , ", "")]
    public void CandidatesAreSplitAsTheStandardSplitsThem(string srcset, string expected)
    {
        var urls = new List<string>();
        Srcset.ForEachUrl(srcset, urls, static (list, url) => list.Add(url));

        Assert.Equal(expected, string.Join('|', urls));
    }
}
