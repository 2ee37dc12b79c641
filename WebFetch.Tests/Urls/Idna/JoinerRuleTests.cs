using WebFetch.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

public sealed class JoinerRuleTests
{
    [Theory]
    [InlineData("a\u094d\u200cb")] // ZWNJ after a virama
    [InlineData("a\u094d\u200db")] // ZWJ after a virama
    [InlineData("\u0628\u200c\u0628")] // ZWNJ between two dual-joining letters
    [InlineData("\u0628\u064e\u200c\u064e\u0627")] // transparent marks skipped, right-joining alef after
    [InlineData("\u0646\u0627\u0645\u0647\u200c\u0627\u06cc")]
    public void AJoinerWhereRfc5892AllowsOneIsAccepted(string label)
    {
        Assert.Equal(-1, JoinerRule.FindMisplacedJoiner(CodePoints(label)));
    }

    [Theory]
    [InlineData("a\u200cb", 0x200C)]
    [InlineData("a\u200db", 0x200D)]
    [InlineData("\u200c\u0628", 0x200C)]
    [InlineData("\u0628\u200c", 0x200C)]
    [InlineData("\u0627\u200c\u0628", 0x200C)] // alef is right-joining: nothing joins from the left
    public void AJoinerWhereRfc5892DoesNotAllowOneIsFound(string label, int joiner)
    {
        Assert.Equal(joiner, JoinerRule.FindMisplacedJoiner(CodePoints(label)));
    }

    [Fact]
    public void AMisplacedJoinerFailsTheDomain()
    {
        Assert.False(DomainToAscii.TryConvert("a\u200cb.com", out _, out string? error));
        Assert.Equal("label 1 'a<U+200C>b' has a ZERO WIDTH NON-JOINER (U+200C) where RFC 5892 does not allow one", error);
    }

    private static int[] CodePoints(string text) => [.. text.EnumerateRunes().Select(r => r.Value)];
}
