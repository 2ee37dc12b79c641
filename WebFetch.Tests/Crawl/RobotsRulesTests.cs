using System.Text;
using WebFetch.Crawl;
using Xunit;

namespace WebFetch.Tests.Crawl;

public sealed class RobotsRulesTests
{
    private static RobotsRules Parse(string robots, string token = "webfetch") => RobotsRules.Parse(Encoding.UTF8.GetBytes(robots), token);

    /// <summary>RFC 9309, section 5.1.</summary>
    private const string RfcSimpleExample = """
        User-Agent: *
        Disallow: *.gif$
        Disallow: /example/
        Allow: /publications/

        User-Agent: foobot
        Disallow:/
        Allow:/example/page.html
        Allow:/example/allowed.gif

        User-Agent: barbot
        User-Agent: bazbot
        Disallow: /example/page.html

        User-Agent: quxbot

        """;

    [Theory]
    [InlineData("foobot", "/example/page.html", true)]
    [InlineData("foobot", "/example/allowed.gif", true)]
    [InlineData("foobot", "/example/other.html", false)]
    [InlineData("foobot", "/", false)]
    [InlineData("barbot", "/example/page.html", false)]
    [InlineData("barbot", "/example/other.html", true)]
    [InlineData("bazbot", "/example/page.html", false)]
    [InlineData("bazbot", "/picture.gif", true)]
    [InlineData("quxbot", "/example/page.html", true)]
    [InlineData("quxbot", "/picture.gif", true)]
    [InlineData("webfetch", "/picture.gif", false)]
    [InlineData("webfetch", "/picture.gif?size=2", true)]
    [InlineData("webfetch", "/example/", false)]
    [InlineData("webfetch", "/publications/", true)]
    [InlineData("webfetch", "/other", true)]
    public void TheRfcsSimpleExampleReadsAsTheRfcExplainsIt(string agent, string path, bool allowed)
    {
        Assert.Equal(allowed, Parse(RfcSimpleExample, agent).IsAllowed(path));
    }

    [Theory]
    [InlineData("/example/page/", true)]
    [InlineData("/example/page/disallowed.gif", false)]
    public void TheRfcsLongestMatchExampleReadsAsTheRfcExplainsIt(string path, bool allowed)
    {
        RobotsRules rules = Parse("User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n", "foobot");

        Assert.Equal(allowed, rules.IsAllowed(path));
    }

    [Theory]
    [InlineData("/foo/bar?baz=quz", "/foo/bar?baz=quz", true)]
    [InlineData("/foo/bar?baz=https://foo.bar", "/foo/bar?baz=https://foo.bar", true)]
    [InlineData("/foo/bar/ツ", "/foo/bar/%E3%83%84", true)]
    [InlineData("/foo/bar/%E3%83%84", "/foo/bar/ツ", true)]
    [InlineData("/foo/bar/%e3%83%84", "/foo/bar/%E3%83%84", true)]
    [InlineData("/foo/bar/%62%61%7A", "/foo/bar/baz", true)]
    [InlineData("/foo/bar/baz", "/foo/bar/%62%61%7A", true)]
    [InlineData("/a/b", "/a%2Fb", false)]
    [InlineData("/a%2Fb", "/a/b", false)]
    [InlineData("/a%2fb", "/a%2Fb", true)]
    [InlineData("/with space", "/with%20space", true)]
    [InlineData("/%7Bx%7D", "/{x}", true)]
    public void PercentEncodingIsNormalisedOnBothSides(string pattern, string path, bool matches)
    {
        RobotsRules rules = Parse($"User-agent: *\nDisallow: {pattern}$\n");

        Assert.Equal(!matches, rules.IsAllowed(path));
    }

    [Theory]
    [InlineData("User-agent: webfetch\nDisallow: /\n")]
    [InlineData("User-agent: WebFetch\nDisallow: /\n")]
    [InlineData("User-agent: WEBFETCH/0.1 (+https://example.invalid)\nDisallow: /\n")]
    [InlineData("User-agent: other\nUser-agent: webfetch\nDisallow: /\n")]
    [InlineData("User-agent: *\nAllow: /\nUser-agent: webfetch\nDisallow: /\n")]
    public void OurProductTokenIsMatchedInAnyCaseAndItsGroupWinsOverTheStar(string robots)
    {
        Assert.False(Parse(robots).IsAllowed("/page"));
    }

    [Theory]
    [InlineData("User-agent: webfetcher\nDisallow: /\n")]
    [InlineData("User-agent: web\nDisallow: /\n")]
    [InlineData("User-agent: *webfetch\nDisallow: /\n")]
    [InlineData("User-agent: webfetch\nUser-agent: *\nDisallow: /private\n\nUser-agent: *\nDisallow: /\n")]
    public void AnotherProductTokenIsNotOurs(string robots)
    {
        Assert.True(Parse(robots).IsAllowed("/page"));
    }

    [Fact]
    public void GroupsOfTheSameAgentAreMerged()
    {
        RobotsRules rules = Parse("User-agent: webfetch\nDisallow: /a\n\nUser-agent: other\nDisallow: /b\n\nUser-agent: WEBFETCH\nDisallow: /c\n");

        Assert.False(rules.IsAllowed("/a"));
        Assert.True(rules.IsAllowed("/b"));
        Assert.False(rules.IsAllowed("/c"));
    }

    [Theory]
    [InlineData("User-agent: *\nDisallow:\n")]
    [InlineData("User-agent: *\nDisallow: # nothing\n")]
    [InlineData("Disallow: /\nUser-agent: *\nAllow: /x\n")]
    [InlineData("")]
    [InlineData("\n\n# only a comment\n")]
    public void AnEmptyDisallowARuleOutsideAGroupOrAnEmptyFileAllowsEverything(string robots)
    {
        Assert.True(Parse(robots).IsAllowed("/anything"));
    }

    [Theory]
    [InlineData("/robots.txt", true)]
    [InlineData("/robots.txt?x", false)]
    [InlineData("/", false)]
    [InlineData("", false)]
    public void RobotsTxtItselfIsAlwaysAllowed(string path, bool allowed)
    {
        Assert.Equal(allowed, Parse("User-agent: *\nDisallow: /\n").IsAllowed(path));
        Assert.Equal(allowed, RobotsRules.DisallowAll.IsAllowed(path));
    }

    [Theory]
    [InlineData("Disallow: private", "/private/x", false)]
    [InlineData("Disallow: *.pdf", "/docs/a.pdf", false)]
    [InlineData("Disallow: /a$b", "/a$b", false)]
    [InlineData("Disallow: /a$b", "/a", true)]
    [InlineData("Disallow: /a**b", "/a/x/b", false)]
    [InlineData("Disallow: /*", "/", false)]
    [InlineData("Disallow: /x/*/y$", "/x/1/2/y", false)]
    [InlineData("Disallow: /x/*/y$", "/x/1/y/z", true)]
    public void PatternsMatchAsWritten(string rule, string path, bool allowed)
    {
        Assert.Equal(allowed, Parse($"User-agent: *\n{rule}\n").IsAllowed(path));
    }

    [Theory]
    [InlineData("Crawl-delay: 2", 2.0)]
    [InlineData("crawl-delay: 0.5", 0.5)]
    [InlineData("Crawl-delay: 10.25 # seconds", 10.25)]
    [InlineData("Crawl-delay: 0", 0.0)]
    [InlineData("Crawl-delay: 86400", 60.0)]
    [InlineData("Crawl-delay: 1e9", null)]
    [InlineData("Crawl-delay: -1", null)]
    [InlineData("Crawl-delay: soon", null)]
    [InlineData("Crawl-delay: NaN", null)]
    [InlineData("Crawl-delay:", null)]
    public void CrawlDelayIsInSecondsWithDecimalsAndBounded(string line, double? seconds)
    {
        RobotsRules rules = Parse($"User-agent: webfetch\n{line}\nDisallow: /x\n");

        Assert.Equal(seconds is double s ? TimeSpan.FromSeconds(s) : null, rules.CrawlDelay);
        Assert.Equal(Defaults.MaxCrawlDelay, TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData("User-agent: *\nCrawl-delay: 3\nUser-agent: webfetch\nCrawl-delay: 1\n", 1.0)]
    [InlineData("User-agent: *\nCrawl-delay: 3\nUser-agent: other\nCrawl-delay: 1\n", 3.0)]
    [InlineData("User-agent: *\nCrawl-delay: 3\nUser-agent: webfetch\nDisallow: /x\n", null)]
    [InlineData("User-agent: webfetch\nCrawl-delay: 1\nUser-agent: WebFetch\nCrawl-delay: 4\n", 4.0)]
    [InlineData("Crawl-delay: 5\nUser-agent: *\nDisallow: /x\n", null)]
    public void CrawlDelayIsThatOfTheGroupsThatApply(string robots, double? seconds)
    {
        Assert.Equal(seconds is double s ? TimeSpan.FromSeconds(s) : null, Parse(robots).CrawlDelay);
    }

    [Fact]
    public void SitemapsAreCollectedWhereverTheyStandInOrderOnce()
    {
        RobotsRules rules = Parse(
            "Sitemap: http://127.0.0.1/first.xml\nUser-agent: other\nSitemap: http://127.0.0.1/second.xml.gz\nDisallow: /\n" +
            "SITEMAP:http://127.0.0.1/first.xml\nUser-agent: webfetch\nsitemap: http://127.0.0.1/third.txt # a comment\nSitemap:\n");

        Assert.Equal(["http://127.0.0.1/first.xml", "http://127.0.0.1/second.xml.gz", "http://127.0.0.1/third.txt"], rules.Sitemaps);
        Assert.True(rules.IsAllowed("/"));
    }
}
