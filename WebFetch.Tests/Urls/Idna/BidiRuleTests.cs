using WebFetch.Urls.Idna;
using Xunit;

namespace WebFetch.Tests.Urls.Idna;

public sealed class BidiRuleTests
{
    [Theory]
    [InlineData("\u05d0\u05d1")]
    [InlineData("\u05d0\u05b0")] // ends with a mark after a letter
    [InlineData("\u05d01")] // ends with a European digit
    [InlineData("\u0627\u0661")] // ends with an Arabic digit
    [InlineData("ab1")]
    public void LabelsThatKeepTheRuleAreAccepted(string label)
    {
        Assert.Null(BidiRule.Check(CodePoints(label)));
    }

    [Theory]
    [InlineData("1\u05d0", "rule 1")]
    [InlineData("\u05d0a", "rule 2")]
    [InlineData("\u05d0-", "rule 3")]
    [InlineData("\u05d01\u0661", "rule 4")]
    [InlineData("a\u05d0", "rule 5")]
    [InlineData("ab-", "rule 6")]
    public void EachRuleOfRfc5893IsEnforced(string label, string rule)
    {
        string? reason = BidiRule.Check(CodePoints(label));

        Assert.NotNull(reason);
        Assert.Contains(rule, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u064aa")] // toascii.json: CheckBidi is true
    [InlineData("1.\u05d0")] // a label starting with a digit in a Bidi domain name
    [InlineData("ab-.\u05d0")]
    public void ABidiDomainNameWithALabelBreakingTheRuleFails(string domain)
    {
        Assert.False(DomainToAscii.TryConvert(domain, out _, out string? error));
        Assert.Contains("RFC 5893", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBidiDomainNameTestSeesDecodedPunycodeLabels()
    {
        // xn--4db is U+05D0 HEBREW LETTER ALEF. (DomainToAscii would only lowercase this all-ASCII domain.)
        Assert.False(Uts46ToAscii.TryConvert("ab-.xn--4db", out _, out string? error));
        Assert.Contains("RFC 5893 rule 6", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.com", "1.com")]
    [InlineData("ab-.ü", "ab-.xn--tda")]
    public void TheRuleAppliesOnlyToBidiDomainNames(string domain, string expected)
    {
        Assert.True(DomainToAscii.TryConvert(domain, out string? ascii, out string? error), error);
        Assert.Equal(expected, ascii);
    }

    private static int[] CodePoints(string text) => [.. text.EnumerateRunes().Select(r => r.Value)];
}
