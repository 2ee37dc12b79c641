using WebFetch.Fetching;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Fetching;

public sealed class LinkRepeatsTests
{
    /// <summary>The links as a page reports them: each one added unless it repeats one before it.</summary>
    private static List<FoundLink> Fold(IEnumerable<FoundLink> links)
    {
        var repeats = new LinkRepeats();
        foreach (FoundLink link in links)
        {
            int at = repeats.IndexOf(link.Url, link.Tag, link.Kind);
            if (at >= 0)
            {
                repeats.Repeat(at, link.Occurrences);
            }
            else
            {
                repeats.Add(link);
            }
        }
        return repeats.Links();
    }

    private static FoundLink Link(string url, int line, string tag = "a@href", string? text = null) => new(url, "page", tag, line, 1, text);

    [Fact]
    public void ARepeatedLinkIsKeptWhereItFirstAppearsWithItsCount()
    {
        List<FoundLink> folded = Fold([
            Link("http://a.invalid/x", 1, text: "first"),
            Link("http://a.invalid/y", 2),
            Link("http://a.invalid/x", 3, text: "second"),
            Link("http://a.invalid/x", 4),
        ]);

        Assert.Equal(
            [Link("http://a.invalid/x", 1, text: "first") with { Count = 3 }, Link("http://a.invalid/y", 2)],
            folded);
    }

    [Fact]
    public void AnotherFragmentOrAnotherTagIsAnotherLink()
    {
        List<FoundLink> folded = Fold([
            Link("http://a.invalid/x", 1),
            Link("http://a.invalid/x#top", 2),
            Link("http://a.invalid/x", 3, "img@src"),
            Link("http://a.invalid/x#top", 4),
        ]);

        Assert.Equal([(1, 1), (2, 2), (3, 1)], folded.Select(l => (l.Line, l.Occurrences)));
    }

    [Fact]
    public void AnotherKindUnderTheSameTagIsAnotherLink()
    {
        List<FoundLink> folded = Fold([
            new FoundLink("http://a.invalid/x", "image", "link@href", 1, 1, null),
            new FoundLink("http://a.invalid/x", "stylesheet", "link@href", 2, 1, null),
        ]);

        Assert.Equal(["image", "stylesheet"], folded.Select(l => l.Kind));
    }

    [Fact]
    public void CountsAlreadyFoldedAddUp()
    {
        List<FoundLink> folded = Fold([Link("http://a.invalid/x", 1) with { Count = 4 }, Link("http://a.invalid/x", 9)]);

        Assert.Equal(5, Assert.Single(folded).Count);
    }
}
