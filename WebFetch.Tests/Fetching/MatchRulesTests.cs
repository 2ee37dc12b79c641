using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The match rules of issue 19 and the lists they are given: statuses, classes, ranges, lengths, text and regular expressions.</summary>
public sealed class MatchRulesTests
{
    [Theory]
    [InlineData("200", 200, true)]
    [InlineData("200", 201, false)]
    [InlineData("3xx", 301, true)]
    [InlineData("3XX", 399, true)]
    [InlineData("3xx", 400, false)]
    [InlineData("200,3xx", 304, true)]
    [InlineData("404, 500-599", 503, true)]
    [InlineData("404, 500-599", 499, false)]
    public void AStatusListHoldsItsStatusesClassesAndRanges(string list, int status, bool contained)
    {
        Assert.True(StatusSet.TryParse(list, out StatusSet? set, out _));
        Assert.Equal(contained, set!.Contains(status));
    }

    [Theory]
    [InlineData("", "'' is not a status")]
    [InlineData("200,", "'' is not a status")]
    [InlineData("6xx", "'6xx' is not a status")]
    [InlineData("99", "'99' is not a status")]
    [InlineData("0200", "'0200' is not a status")]
    [InlineData("599-500", "'599-500' is not a status")]
    [InlineData("ok", "'ok' is not a status")]
    public void AStatusListThatIsNotOneIsRefusedWithItsPart(string list, string problem)
    {
        Assert.False(StatusSet.TryParse(list, out _, out string reason));
        Assert.StartsWith(problem, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0-100", 0, true)]
    [InlineData("0-100", 100, true)]
    [InlineData("0-100", 101, false)]
    [InlineData("1000-", 1000, true)]
    [InlineData("1000-", 999, false)]
    [InlineData("-100", 0, true)]
    [InlineData("-100", 101, false)]
    [InlineData("0", 0, true)]
    [InlineData("0", 1, false)]
    public void ALengthRangeHoldsBothEnds(string text, long length, bool contained)
    {
        Assert.True(LengthRange.TryParse(text, out LengthRange? range, out _));
        Assert.Equal(contained, range!.Contains(length));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("100-10")]
    [InlineData("1k-")]
    [InlineData("-1-5")]
    public void ALengthRangeThatIsNotOneIsRefused(string text)
    {
        Assert.False(LengthRange.TryParse(text, out _, out string problem));
        Assert.Contains($"'{text}' is not a length in bytes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void EachRuleNamesItselfWhenBroken()
    {
        MatchRules rules = MatchRules.Of(new FetchOptions { MatchStatus = "200,3xx", FailStatus = "302", FailLength = "0-10" });

        Assert.Equal("status 404 is not in --match-status 200,3xx", rules.ResponseProblem(404, 500));
        Assert.Equal("status 302 is in --fail-status 302", rules.ResponseProblem(302, 500));
        Assert.Equal("length 3 is in --fail-length 0-10", rules.ResponseProblem(200, 3));
        Assert.Null(rules.ResponseProblem(200, 11));
        Assert.False(rules.ReadsBody);
    }

    [Fact]
    public void TheBodyMustContainTheTextAndMatchTheRegex()
    {
        MatchRules rules = MatchRules.Of(new FetchOptions { MatchString = "Welcome", MatchRegex = "order #[0-9]+" });

        Assert.True(rules.ReadsBody);
        Assert.Null(rules.BodyProblem("Welcome: order #42"));
        Assert.Equal("the body does not contain the --match-string text 'Welcome'", rules.BodyProblem("welcome: order #42"));
        Assert.Equal("the body does not match --match-regex order #[0-9]+", rules.BodyProblem("Welcome: order #x"));
    }

    [Theory]
    [InlineData("(a", "--match-regex: '(a' is not a valid regular expression")]
    [InlineData("(a)\\1", "--match-regex: '(a)\\1' needs what a linear-time match cannot do")]
    [InlineData("a(?=b)", "--match-regex: 'a(?=b)' needs what a linear-time match cannot do")]
    public void ARegexThatIsInvalidOrNeedsBacktrackingIsRefused(string pattern, string problem)
    {
        Assert.False(MatchRules.TryCreate(new FetchOptions { MatchRegex = pattern }, out _, out string reason));
        Assert.StartsWith(problem, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NoRuleLetsEveryResponsePass()
    {
        MatchRules rules = MatchRules.Of(new FetchOptions());

        Assert.Null(rules.ResponseProblem(500, 0));
        Assert.Null(rules.BodyProblem(""));
        Assert.False(rules.ReadsBody);
    }

    [Fact]
    public void APageIsDecodedInItsDeclaredEncodingBeforeItIsMatched()
    {
        byte[] latin1 = [.. "<html><meta charset=iso-8859-1><p>caf"u8, 0xE9, .. "</p>"u8];

        Assert.Contains("café", BodyText.Decode(latin1, "text/html", html: true), StringComparison.Ordinal);
        Assert.Contains("café", BodyText.Decode([.. "caf"u8, 0xC3, 0xA9], "text/plain", html: false), StringComparison.Ordinal);
    }
}
