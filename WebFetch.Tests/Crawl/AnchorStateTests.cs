using WebFetch.Crawl;
using WebFetch.Protocol;
using Xunit;
using static WebFetch.Tests.Crawl.CrawlTesting;

namespace WebFetch.Tests.Crawl;

/// <summary>The anchor check past a page that refreshes elsewhere, and <c>--ignore-anchor</c>, in the crawl's bookkeeping: every order of arrival, set by the test.</summary>
public sealed class AnchorStateTests
{
    private const string Site = "http://site.invalid/docs/";

    private static CrawlState NewCrawl(IgnoredAnchors? ignore = null, int maxRefreshes = 10)
    {
        var scope = new CrawlScope(ScopeKind.Prefix, [Url(Site + "index.html")], [], []);
        var settings = new CrawlSettings(scope, null, null, false, true, true, "webfetch")
        {
            IgnoreAnchors = ignore ?? IgnoredAnchors.None,
            MaxRefreshes = maxRefreshes,
        };
        var crawl = new CrawlState(settings, (_, _) => { });
        crawl.AddStart(Url(Site + "index.html"), LinkKinds.Page);
        TakeAll(crawl);
        return crawl;
    }

    private static FoundLink Link(string path, int line = 1) => new(Site + path, "page", "a@href", line, 3, null);

    private static FoundLink Refresh(string path) => new(Site + path, "page", "meta@refresh", 1, 1, null);

    private static FetchResult Page(string path, IReadOnlyList<FoundLink>? links = null, params string[] anchors) =>
        new() { Url = Site + path, Status = 200, ContentType = "text/html", FoundLinks = links ?? [], Anchors = anchors };

    /// <summary>Feeds records in the order given and returns the broken ones the crawl writes at its end.</summary>
    private static List<FetchResult> Run(CrawlState crawl, params FetchResult[] records)
    {
        foreach (FetchResult record in records)
        {
            crawl.OnRecord(record);
            TakeAll(crawl);
        }
        return [.. crawl.Finish()];
    }

    [Fact]
    public void AFragmentFoundWhereTheRefreshLeadsIsNoDefectWhetherThatPageComesFirstOrLast()
    {
        FetchResult start = Page("index.html", [Link("new.html", 2), Link("old.html#intro", 3)]);
        FetchResult old = Page("old.html", [Refresh("new.html")]);
        FetchResult moved = Page("new.html", null, "intro");

        Assert.Empty(Run(NewCrawl(), start, old, moved));
        Assert.Empty(Run(NewCrawl(), start, moved, old));
    }

    [Fact]
    public void AFragmentTheRefreshTargetLacksIsOneMissingAnchorNamingThatPageWhateverTheOrder()
    {
        FetchResult start = Page("index.html", [Link("new.html", 2), Link("old.html#gone", 3)]);
        FetchResult old = Page("old.html", [Refresh("new.html")]);
        FetchResult moved = Page("new.html", null, "intro");

        foreach (List<FetchResult> broken in (List<FetchResult>[])[Run(NewCrawl(), start, old, moved), Run(NewCrawl(), start, moved, old)])
        {
            FetchResult missing = Assert.Single(broken);
            Assert.Equal((Site + "old.html#gone", ErrorKind.MissingAnchor), (missing.Url, missing.Error!.Kind));
            Assert.StartsWith(Site + "new.html has no element with id or name \"gone\"", missing.Error.Message, StringComparison.Ordinal);
            Assert.Contains(Site + "old.html leads there by a meta refresh", missing.Error.Message, StringComparison.Ordinal);
            Referrer referrer = Assert.Single(missing.Referrers!);
            Assert.Equal((Site + "index.html", 3), (referrer.Url, referrer.Line));
        }
    }

    [Fact]
    public void AFragmentLinkFoundAfterBothPagesIsCheckedWhereTheRefreshLeads()
    {
        CrawlState crawl = NewCrawl();
        FetchResult start = Page("index.html", [Link("old.html"), Link("new.html")]);
        FetchResult old = Page("old.html", [Refresh("new.html")]);
        FetchResult moved = Page("new.html", null, "intro");
        FetchResult later = Page("later.html", [Link("old.html#intro", 4), Link("old.html#gone", 5)]);

        List<FetchResult> broken = Run(crawl, start with { FoundLinks = [.. start.FoundLinks!, Link("later.html")] }, old, moved, later);

        FetchResult missing = Assert.Single(broken);
        Assert.Equal(Site + "old.html#gone", missing.Url);
        Assert.Equal(5, Assert.Single(missing.Referrers!).Line);
    }

    [Fact]
    public void AChainOfRefreshesIsFollowedToThePageAtItsEnd()
    {
        FetchResult start = Page("index.html", [Link("a.html#x"), Link("b.html"), Link("c.html")]);
        FetchResult a = Page("a.html", [Refresh("b.html")]);
        FetchResult b = Page("b.html", [Refresh("c.html")]);
        FetchResult c = Page("c.html", null, "x");

        Assert.Empty(Run(NewCrawl(), start, a, b, c));
        Assert.Empty(Run(NewCrawl(), start, c, b, a));
        Assert.Empty(Run(NewCrawl(), start, b, a, c));
    }

    [Fact]
    public void ARefreshLoopEndsAtTheBoundWithOneMissingAnchor()
    {
        FetchResult start = Page("index.html", [Link("loop1.html#x", 6), Link("loop2.html")]);
        FetchResult loop1 = Page("loop1.html", [Refresh("loop2.html")]);
        FetchResult loop2 = Page("loop2.html", [Refresh("loop1.html")], "y");

        foreach (List<FetchResult> broken in (List<FetchResult>[])[Run(NewCrawl(maxRefreshes: 3), start, loop1, loop2), Run(NewCrawl(maxRefreshes: 3), start, loop2, loop1)])
        {
            FetchResult loop = Assert.Single(broken);
            Assert.Equal(Site + "loop1.html#x", loop.Url);
            Assert.Contains("the 3 pages its meta refreshes lead to", loop.Error!.Message, StringComparison.Ordinal);
            Assert.Equal(6, Assert.Single(loop.Referrers!).Line);
        }
    }

    [Fact]
    public void ARefreshToAPageNotCrawledLeavesTheFragmentUncheckedAndCounted()
    {
        CrawlState crawl = NewCrawl();
        FetchResult start = Page("index.html", [Link("old.html#intro")]);

        List<FetchResult> broken = Run(crawl, start, Page("old.html", [new("http://elsewhere.invalid/new.html", "page", "meta@refresh", 1, 1, null)]),
            new FetchResult { Url = "http://elsewhere.invalid/new.html", Status = 200 });

        Assert.Empty(broken);
        Assert.Equal(1, crawl.Counts.RefreshAnchorsNotChecked);
    }

    [Fact]
    public void IgnoredFragmentsAreCountedAndNotCheckedWhileOthersStillAre()
    {
        CrawlState crawl = NewCrawl(new IgnoredAnchors(["^[0-9]+(-[0-9]+)?$"]));
        FetchResult start = Page("index.html", [Link("src/lib.rs.html#900-950", 2), Link("src/lib.rs.html#9", 3), Link("src/lib.rs.html#nowhere", 4)]);

        FetchResult missing = Assert.Single(Run(crawl, start, Page("src/lib.rs.html", null, "1", "2")));

        Assert.Equal(Site + "src/lib.rs.html#nowhere", missing.Url);
        Assert.Equal(2, crawl.Counts.AnchorsIgnored);
    }

    [Fact]
    public void ALineRangeIsFoundWhenThePageHasBothLinesAndMissingWhenItDoesNot()
    {
        FetchResult start = Page("index.html", [Link("src/lib.rs.html#1-2"), Link("src/lib.rs.html#1-7")]);

        FetchResult missing = Assert.Single(Run(NewCrawl(), start, Page("src/lib.rs.html", null, "1", "2")));

        Assert.Equal(Site + "src/lib.rs.html#1-7", missing.Url);
    }

    [Fact]
    public void AMissingAnchorBehindAnHttpRedirectNamesThePageItWasLookedFor()
    {
        FetchResult start = Page("index.html", [Link("old/", 2), Link("old/#gone", 3)]);
        FetchResult redirected = Page("old/", null, "intro") with { FinalUrl = Site + "new/" };

        FetchResult missing = Assert.Single(Run(NewCrawl(), start, redirected));

        Assert.Equal(Site + "old/#gone", missing.Url);
        Assert.Equal($"{Site}new/ has no element with id or name \"gone\" ({Site}old/ redirects there)", missing.Error!.Message);
    }

    [Fact]
    public void ARefreshToAUrlWithItsOwnFragmentLandsThereAndTheLinksFragmentIsNotLookedFor()
    {
        FetchResult start = Page("index.html", [Link("old.html#gone"), Link("new.html")]);
        FetchResult old = Page("old.html", [Refresh("new.html#top-of-guide")]);

        Assert.Empty(Run(NewCrawl(), start, old, Page("new.html", null, "top-of-guide")));
    }
}
