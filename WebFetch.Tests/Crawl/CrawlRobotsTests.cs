using WebFetch.Crawl;
using WebFetch.Protocol;
using WebFetch.Urls;
using Xunit;
using static WebFetch.Tests.Crawl.CrawlTesting;

namespace WebFetch.Tests.Crawl;

public sealed class CrawlRobotsTests
{
    private const string Site = "http://site.invalid";

    private readonly Dictionary<string, TimeSpan> _delays = [];

    private CrawlState NewCrawl()
    {
        var scope = new CrawlScope(ScopeKind.Host, [Url(Site + "/")], [], []);
        var crawl = new CrawlState(new CrawlSettings(scope, null, null, false, true, false, "webfetch"), (host, delay) => _delays[host] = delay);
        crawl.AddStart(Url(Site + "/"), LinkKinds.Page);
        return crawl;
    }

    private static FetchResult Robots(string body, int status = 200) =>
        new() { Url = RobotsGate.RobotsKey(Site), Status = status, Body = body };

    [Fact]
    public void RobotsTxtIsFetchedFirstAndTheHostsUrlsWaitForIt()
    {
        CrawlState crawl = NewCrawl();

        CrawlTarget robots = Assert.Single(TakeAll(crawl));
        Assert.Equal((FetchMode.Robots, Site + "/robots.txt"), (crawl.ModeOf(robots.Key), robots.Url!.Href));
        Assert.False(crawl.IsFinished);
        Assert.Empty(crawl.OnRecord(Robots("User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n")));

        CrawlTarget start = Assert.Single(TakeAll(crawl));
        Assert.Equal(Site + "/", start.Key);
        Assert.Equal(TimeSpan.FromSeconds(2), _delays["site.invalid"]);
    }

    [Fact]
    public void ADisallowedUrlIsNotFetchedAndGetsARobotsDisallowedRecord()
    {
        CrawlState crawl = NewCrawl();
        TakeAll(crawl);
        crawl.OnRecord(Robots("User-agent: *\nDisallow: /private/\n"));
        TakeAll(crawl);
        crawl.OnRecord(new FetchResult { Url = Site + "/", Status = 200, FoundLinks = [new FoundLink(Site + "/private/x.html", "page", "a@href", 5, 1, "x")], Anchors = [] });

        Assert.Empty(TakeAll(crawl));
        FetchResult broken = Assert.Single(crawl.Finish());
        Assert.Equal((Site + "/private/x.html", ErrorKind.RobotsDisallowed, 5), (broken.Url, broken.Error!.Kind, broken.Referrers![0].Line));
        Assert.True(crawl.IsFinished);
    }

    [Fact]
    public void ARobotsTxtThatIsMissingAllowsAll()
    {
        CrawlState crawl = NewCrawl();
        TakeAll(crawl);
        crawl.OnRecord(FetchResult.Failed(RobotsGate.RobotsKey(Site), ErrorKind.HttpStatus, "404") with { Status = 404 });

        Assert.Single(TakeAll(crawl));
    }

    [Fact]
    public void AHostWhoseRobotsTxtCannotBeReachedGetsThatFailureOnEveryUrl()
    {
        CrawlState crawl = NewCrawl();
        TakeAll(crawl);
        crawl.OnRecord(FetchResult.Failed(RobotsGate.RobotsKey(Site), ErrorKind.Connect, "connection refused"));

        Assert.Empty(TakeAll(crawl));
        FetchResult broken = Assert.Single(crawl.Finish());
        Assert.Equal(ErrorKind.Connect, broken.Error!.Kind);
        Assert.Contains("connection refused", broken.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AServerErrorOnRobotsTxtDisallowsTheWholeHost()
    {
        CrawlState crawl = NewCrawl();
        TakeAll(crawl);
        crawl.OnRecord(FetchResult.Failed(RobotsGate.RobotsKey(Site), ErrorKind.HttpStatus, "503") with { Status = 503 });

        Assert.Equal(ErrorKind.RobotsDisallowed, Assert.Single(crawl.Finish()).Error!.Kind);
    }

    [Fact]
    public void AHugeCrawlDelayIsCutToTheMaximum()
    {
        CrawlState crawl = NewCrawl();
        TakeAll(crawl);
        crawl.OnRecord(Robots("User-agent: *\nCrawl-delay: 86400\n"));

        Assert.Equal(Defaults.MaxCrawlDelay, _delays["site.invalid"]);
    }

    [Theory]
    [InlineData("webfetch/1.2.3", "webfetch")]
    [InlineData("Mozilla/5.0 (X11)", "mozilla")]
    [InlineData("/odd", "webfetch")]
    public void TheRobotsTokenIsTheUserAgentsProductName(string userAgent, string token) =>
        Assert.Equal(token, CrawlSettings.TokenOf(userAgent));
}
