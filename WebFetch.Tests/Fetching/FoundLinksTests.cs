using AngleSharp.Dom;
using WebFetch.Fetching;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>A page's raw links resolved, placed and folded (<see cref="FoundLinks"/>).</summary>
public sealed class FoundLinksTests
{
    private static readonly Url Base = new("https://example.test/dir/page.html");

    private static RawLink Raw(string value, int offset) => new(value, LinkKind.Page, "a@href", offset, null);

    [Fact]
    public void PagesResolvedOneAfterTheOtherOnOneThreadShareNothing()
    {
        const string text = "0123456789\nabcdefghij\n";
        List<FoundLink> first = FoundLinks.Resolve([Raw("a.html", 0), Raw("a.html", 3), Raw("b.html", 11), Raw("#x", 12)], Base, new LineIndex(text), out bool firstCut);
        List<FoundLink> second = FoundLinks.Resolve([Raw("b.html", 2), Raw("c.html", 13), Raw("c.html", 14)], Base, new LineIndex(text), out bool secondCut);

        Assert.Equal(
            [("https://example.test/dir/a.html", 1, 1, (int?)2), ("https://example.test/dir/b.html", 2, 1, null), ("https://example.test/dir/page.html#x", 2, 2, null)],
            first.Select(link => (link.Url, link.Line, link.Col, link.Count)));
        Assert.Equal(
            [("https://example.test/dir/b.html", 1, 3, (int?)null), ("https://example.test/dir/c.html", 2, 3, 2)],
            second.Select(link => (link.Url, link.Line, link.Col, link.Count)));
        Assert.False(firstCut || secondCut);
    }

    [Theory]
    [InlineData('a', 600_000, true)] // three bytes a character at most: 1.8 MB
    [InlineData('a', 800_000, false)] // 2.4 MB
    [InlineData('\u00e9', 200_000, true)] // nine bytes a character at most: 1.8 MB
    [InlineData('\u00e9', 300_000, false)] // 2.7 MB
    [InlineData('\u0001', 300_000, true)] // six bytes a control character: 1.8 MB
    [InlineData('\u0001', 400_000, false)] // 2.4 MB
    public void LinksSurelyFitOnlyWhenEveryCharacterPercentEncodedAtMostStaysUnderTheBound(char c, int length, bool fits) =>
        Assert.Equal(fits, FoundLinks.SurelyFit([Raw("x" + new string(c, length), 0)], Base));
}
