using WebFetch.Crawl;
using Xunit;

namespace WebFetch.Tests.Crawl;

public sealed class RobotsStatusTests
{
    private static readonly byte[] DisallowPrivate = "User-agent: *\nDisallow: /private\n"u8.ToArray();

    [Theory]
    [InlineData(200)]
    [InlineData(203)]
    [InlineData(299)]
    public void ASuccessfulFetchIsParsed(int status)
    {
        RobotsRules rules = RobotsRules.ForStatus(status, DisallowPrivate, "webfetch");

        Assert.False(rules.IsAllowed("/private"));
        Assert.True(rules.IsAllowed("/public"));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(308)]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(451)]
    public void AnUnavailableFileAllowsEverythingWhateverTheBody(int status)
    {
        RobotsRules rules = RobotsRules.ForStatus(status, DisallowPrivate, "webfetch");

        Assert.Same(RobotsRules.AllowAll, rules);
        Assert.True(rules.IsAllowed("/private"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(100)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(599)]
    [InlineData(600)]
    public void AnUnreachableFileAllowsNothing(int? status)
    {
        RobotsRules rules = RobotsRules.ForStatus(status, DisallowPrivate, "webfetch");

        Assert.Same(RobotsRules.DisallowAll, rules);
        Assert.False(rules.IsAllowed("/public"));
        Assert.Null(rules.CrawlDelay);
        Assert.Empty(rules.Sitemaps);
    }

    [Theory]
    [InlineData("Foobot", true)]
    [InlineData("Foobot-Bar", true)]
    [InlineData("Foo_Bar", true)]
    [InlineData("webfetch", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("ツ", false)]
    [InlineData("Foobot*", false)]
    [InlineData(" Foobot ", false)]
    [InlineData("Foobot/2.1", false)]
    [InlineData("Foobot Bar", false)]
    public void ProductTokensAreLettersUnderscoresAndHyphens(string? token, bool valid)
    {
        Assert.Equal(valid, RobotsRules.IsProductToken(token));
        if (!valid)
        {
            Assert.Throws<ArgumentException>(() => RobotsRules.Parse(DisallowPrivate, token!));
        }
    }
}
