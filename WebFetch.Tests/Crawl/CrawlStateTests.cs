using WebFetch.Crawl;
using WebFetch.Protocol;
using WebFetch.Urls;
using Xunit;
using static WebFetch.Tests.Crawl.CrawlTesting;

namespace WebFetch.Tests.Crawl;

public sealed class CrawlStateTests
{
    private const string Site = "http://site.invalid";

    private readonly Dictionary<string, TimeSpan> _delays = [];

    private CrawlState NewCrawl(
        int? depth = null, int? maxUrls = null, bool noExternal = false, bool checkAnchors = true, bool ignoreRobots = true, string start = Site + "/docs/index.html",
        DoneUrlTable? done = null)
    {
        var scope = new CrawlScope(ScopeKind.Prefix, [Url(start)], [], []);
        var crawl = new CrawlState(new CrawlSettings(scope, depth, maxUrls, noExternal, checkAnchors, ignoreRobots, "webfetch"), (host, delay) => _delays[host] = delay)
        {
            DoneTable = done,
        };
        crawl.AddStart(Url(start), LinkKinds.Page);
        return crawl;
    }

    private static FoundLink Link(string url, string kind = "page", int line = 1, string tag = "a@href") => new(url, kind, tag, line, 3, null);

    private static FetchResult Page(string url, IReadOnlyList<FoundLink>? links = null, IReadOnlyList<string>? anchors = null) =>
        new() { Url = url, Status = 200, ContentType = "text/html", FoundLinks = links ?? [], Anchors = anchors ?? [] };

    [Fact]
    public void AStartPageIsFetchedAsACrawlAtDepthZeroAndItsRecordGoesOutAtOnce()
    {
        CrawlState crawl = NewCrawl();

        CrawlTarget start = Assert.Single(TakeAll(crawl));
        Assert.Equal((Site + "/docs/index.html", 0, FetchMode.Crawl, false), (start.Key, start.Depth, start.Mode, start.External));
        FetchResult written = Assert.Single(crawl.OnRecord(Page(start.Key)));
        Assert.Equal((0, "page", false, 0), (written.Depth, written.Kind, written.External, written.ReferrersTotal));
        Assert.Null(written.FoundLinks);
        Assert.Null(written.Anchors);
        Assert.True(crawl.IsFinished);
    }

    [Fact]
    public void LinksAreTakenOnceEachWithEveryReferrerAndTheRightMode()
    {
        CrawlState crawl = NewCrawl();
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/index.html", [
            Link(Site + "/docs/a.html", line: 4),
            Link(Site + "/docs/a.html#intro", line: 5),
            Link(Site + "/docs/logo.png", "image", 6, "img@src"),
            Link(Site + "/docs/style.css", "stylesheet", 2, "link@href"),
            Link("http://other.invalid/x", line: 7),
            Link(Site + "/blog/", line: 8),
            Link("mailto:someone@site.invalid"),
        ]));

        List<CrawlTarget> taken = TakeAll(crawl);
        Assert.Equal(
            [(Site + "/docs/a.html", FetchMode.Crawl, false), (Site + "/docs/logo.png", FetchMode.CheckOnly, false), (Site + "/docs/style.css", FetchMode.Crawl, false),
             ("http://other.invalid/x", FetchMode.CheckOnly, true), (Site + "/blog/", FetchMode.CheckOnly, true)],
            taken.Select(t => (t.Key, t.Mode, t.External)));
        Assert.All(taken, t => Assert.Equal(1, t.Depth));
        FetchResult a = Assert.Single(crawl.OnRecord(Page(Site + "/docs/a.html", anchors: ["intro"])));
        Assert.Equal(2, a.ReferrersTotal);
        Assert.Equal([4, 5], a.Referrers!.Select(r => r.Line));
        Assert.Equal(Site + "/docs/index.html", a.Referrers![0].Url);
        Assert.Equal(1, crawl.Counts.OtherSchemes);
    }

    [Fact]
    public void ALinkRepeatedOnAPageIsListedOnceAndCountedEveryTime()
    {
        CrawlState crawl = NewCrawl(depth: 1);
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/index.html", [
            Link(Site + "/docs/a.html", line: 4) with { Count = 3 },
            Link(Site + "/docs/a.html#gone", line: 5) with { Count = 2 },
            Link(Site + "/docs/missing.html", line: 6) with { Count = 4 },
            Link("mailto:someone@site.invalid") with { Count = 5 },
        ]));
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/b.html", [Link(Site + "/docs/c.html") with { Count = 7 }]));

        FetchResult a = Assert.Single(crawl.OnRecord(Page(Site + "/docs/a.html", anchors: ["here"])));
        Assert.Equal(5, a.ReferrersTotal);
        Assert.Equal([4, 5], a.Referrers!.Select(r => r.Line));
        crawl.OnRecord(FetchResult.Failed(Site + "/docs/missing.html", ErrorKind.HttpStatus, "404") with { Status = 404 });
        List<FetchResult> broken = [.. crawl.Finish().OrderBy(r => r.Url, StringComparer.Ordinal)];
        Assert.Equal([(Site + "/docs/a.html#gone", 2), (Site + "/docs/missing.html", 4)], broken.Select(r => (r.Url, r.ReferrersTotal)));
        Assert.Equal(6, Assert.Single(broken[1].Referrers!).Line);
        Assert.Equal(5, crawl.Counts.OtherSchemes);
    }

    [Fact]
    public void TheLinksNotFollowedPastTheDepthLimitCountEveryOccurrence()
    {
        CrawlState crawl = NewCrawl(depth: 0);
        TakeAll(crawl);

        crawl.OnRecord(Page(Site + "/docs/index.html", [Link(Site + "/docs/a.html") with { Count = 3 }, Link(Site + "/docs/b.html")]));

        Assert.Equal(4, crawl.Counts.BeyondDepth);
    }

    [Fact]
    public void TheLinksOfACheckedUrlOrOfAnExternalPageAreNotFollowed()
    {
        CrawlState crawl = NewCrawl();
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/index.html", [Link(Site + "/docs/img.png", "image"), Link(Site + "/docs/moved.html")]));
        TakeAll(crawl);

        crawl.OnRecord(Page(Site + "/docs/img.png", [Link(Site + "/docs/hidden.html")]));
        crawl.OnRecord(Page(Site + "/docs/moved.html", [Link(Site + "/docs/hidden2.html")]) with { FinalUrl = "http://other.invalid/" });

        Assert.Empty(TakeAll(crawl));
        Assert.True(crawl.IsFinished);
    }

    [Fact]
    public void AUrlIsToldToTheWorkersAsDoneOnceItsRecordIsOutAndABrokenOneNever()
    {
        using DoneUrlTable done = DoneUrlTable.Create(out string? problem) ?? throw new InvalidOperationException(problem);
        CrawlState crawl = NewCrawl(done: done);
        TakeAll(crawl);
        Assert.False(done.Contains(Site + "/docs/index.html")); // in flight: its links are still to come

        crawl.OnRecord(Page(Site + "/docs/index.html", [Link(Site + "/docs/missing.html"), Link(Site + "/docs/b.html"), Link(Site + "/docs/logo.png", "image", tag: "img@src")]));
        TakeAll(crawl);
        crawl.OnRecord(FetchResult.Failed(Site + "/docs/missing.html", ErrorKind.HttpStatus, "404") with { Status = 404 });
        crawl.OnRecord(new FetchResult { Url = Site + "/docs/logo.png", Status = 200, ContentType = "image/png" });

        Assert.True(done.Contains(Site + "/docs/index.html"));
        Assert.True(done.Contains(Site + "/docs/logo.png"));
        Assert.False(done.Contains(Site + "/docs/b.html"));
        Assert.False(done.Contains(Site + "/docs/missing.html")); // held to the end: every referrer counts
        Assert.Equal(2, done.Count);
    }

    [Fact]
    public void ABrokenLinkIsHeldToTheEndWithEveryReferrerFoundUntilThen()
    {
        CrawlState crawl = NewCrawl();
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/index.html", [Link(Site + "/docs/missing.html", line: 3), Link(Site + "/docs/b.html", line: 4)]));
        TakeAll(crawl);

        Assert.Empty(crawl.OnRecord(FetchResult.Failed(Site + "/docs/missing.html", ErrorKind.HttpStatus, "404") with { Status = 404 }));
        crawl.OnRecord(Page(Site + "/docs/b.html", [Link(Site + "/docs/missing.html", line: 9)]));

        FetchResult broken = Assert.Single(crawl.Finish());
        Assert.Equal((Site + "/docs/missing.html", ErrorKind.HttpStatus, 2), (broken.Url, broken.Error!.Kind, broken.ReferrersTotal));
        Assert.Equal([(Site + "/docs/index.html", 3), (Site + "/docs/b.html", 9)], broken.Referrers!.Select(r => (r.Url, r.Line)));
    }

    [Fact]
    public void AMissingAnchorIsFoundWhetherItsLinkComesBeforeOrAfterThePage()
    {
        CrawlState crawl = NewCrawl();
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/index.html", [Link(Site + "/docs/a.html#gone", line: 3), Link(Site + "/docs/a.html#here", line: 4), Link(Site + "/docs/b.html")]));
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/a.html", anchors: ["here"]));
        crawl.OnRecord(Page(Site + "/docs/b.html", [Link(Site + "/docs/a.html#gone", line: 7), Link(Site + "/docs/a.html#later", line: 8), Link(Site + "/docs/b.html#self", line: 9)]));

        List<FetchResult> broken = [.. crawl.Finish().OrderBy(r => r.Url, StringComparer.Ordinal)];
        Assert.Equal([Site + "/docs/a.html#gone", Site + "/docs/a.html#later", Site + "/docs/b.html#self"], broken.Select(r => r.Url));
        Assert.All(broken, r => Assert.Equal(ErrorKind.MissingAnchor, r.Error!.Kind));
        Assert.Equal([3, 7], broken[0].Referrers!.Select(r => r.Line));
        Assert.Contains("has no element with id or name \"gone\"", broken[0].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAnchorChecksAFragmentLinkIsJustALink()
    {
        CrawlState crawl = NewCrawl(checkAnchors: false);
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/index.html", [Link(Site + "/docs/a.html#gone")]));
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/a.html"));

        Assert.Empty(crawl.Finish());
    }

    [Fact]
    public void TheDepthLimitStopsFollowingAndCountsWhatItLeft()
    {
        CrawlState crawl = NewCrawl(depth: 1);
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/index.html", [Link(Site + "/docs/a.html")]));
        Assert.Single(TakeAll(crawl));
        crawl.OnRecord(Page(Site + "/docs/a.html", [Link(Site + "/docs/b.html"), Link(Site + "/docs/c.html")]));

        Assert.Empty(TakeAll(crawl));
        Assert.Equal(2, crawl.Counts.BeyondDepth);
    }

    [Fact]
    public void MaxUrlsStopsTakingNewUrlsAndCountsThem()
    {
        CrawlState crawl = NewCrawl(maxUrls: 2);
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/index.html", [Link(Site + "/docs/a.html"), Link(Site + "/docs/b.html"), Link(Site + "/docs/c.html")]));

        Assert.Single(TakeAll(crawl));
        Assert.Equal(2, crawl.Counts.NotTakenForMaxUrls);
        Assert.Equal(2, crawl.Taken);
    }

    [Fact]
    public void NoExternalLeavesOutOfScopeLinksUnchecked()
    {
        CrawlState crawl = NewCrawl(noExternal: true);
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/index.html", [Link("http://other.invalid/"), Link("http://10.0.0.1/x"), Link(Site + "/docs/a.html")]));

        Assert.Equal([Site + "/docs/a.html"], TakeAll(crawl).Select(t => t.Key));
    }

    [Fact]
    public void AnInvalidLinkIsABrokenRecordWithItsReferrer()
    {
        CrawlState crawl = NewCrawl();
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/index.html", [Link("http://[bad", line: 12) with { Invalid = true }]));

        FetchResult broken = Assert.Single(crawl.Finish());
        Assert.Equal(("http://[bad", ErrorKind.InvalidUrl, 12), (broken.Url, broken.Error!.Kind, broken.Referrers![0].Line));
    }

    [Fact]
    public void ASitemapsEntriesAreAtItsOwnDepth()
    {
        CrawlState crawl = NewCrawl();
        crawl.AddStart(Url(Site + "/docs/sitemap.xml"), LinkKinds.Sitemap);
        TakeAll(crawl);
        crawl.OnRecord(Page(Site + "/docs/sitemap.xml", [Link(Site + "/docs/deep/page.html", tag: "sitemap@loc")]) with { ContentType = "application/xml" });

        CrawlTarget entry = Assert.Single(TakeAll(crawl));
        Assert.Equal((0, FetchMode.Crawl), (entry.Depth, entry.Mode));
    }
}
