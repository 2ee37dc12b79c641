using System.Text.Json;
using WebFetch.Crawl;
using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Protocol;
using Xunit;
using static WebFetch.Tests.Crawl.CrawlTesting;

namespace WebFetch.Tests.Crawl;

/// <summary>
/// A crawl stopped after some URLs and resumed from its records file and links file, without
/// processes: the crawl state answered from an in-memory site, the files real. The union of
/// both parts is what one crawl straight through gives, and no URL is fetched twice.
/// </summary>
public sealed class CrawlResumeReplayTests : IDisposable
{
    private const string Site = "http://site.invalid/docs/";

    private readonly string _directory = Directory.CreateTempSubdirectory("webfetch-crawl-resume-").FullName;

    private string RecordsPath => Path.Combine(_directory, "crawl.jsonl");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly CrawlResumeHeader Header = new([Site + "index.html"], [], "prefix", [], [], null, null, false, true, true);

    /// <summary>The site: each page's links and anchors; a path not here answers 404.</summary>
    private static readonly Dictionary<string, (string[] Links, string[] Anchors)> Pages = new()
    {
        ["index.html"] = (["a.html", "b.html", "a.html#intro", "missing.html", "logo.png", "c.html#nowhere", "a.html#gone"], ["top-of-index"]),
        ["a.html"] = (["b.html", "d.html", "missing.html", "index.html#top-of-index", "c.html#nowhere"], ["intro"]),
        ["b.html"] = (["c.html", "logo.png", "e.html", "gone.png"], []),
        ["c.html"] = (["missing.html", "f.html", "a.html#gone"], ["here"]),
        ["d.html"] = (["f.html", "b.html#nope"], []),
        ["e.html"] = (["g.html"], []),
        ["f.html"] = (["g.html", "missing-too.html"], []),
        ["g.html"] = (["index.html"], []),
        ["logo.png"] = ([], []),
    };

    private static FetchResult Answer(CrawlTarget target)
    {
        if (target.Mode == FetchMode.Robots)
        {
            return new() { Url = target.Key, Status = 404 }; // no robots.txt: everything allowed
        }
        string path = target.Key[Site.Length..];
        if (!Pages.TryGetValue(path, out var page))
        {
            return new() { Url = target.Key, Status = 404, Error = new FetchError(ErrorKind.HttpStatus, "404 Not Found") };
        }
        bool parsed = target.Mode == FetchMode.Crawl;
        return new()
        {
            Url = target.Key, Status = 200,
            FoundLinks = parsed ? [.. page.Links.Select((link, i) => new FoundLink(Site + link, link.EndsWith(".png", StringComparison.Ordinal) ? "image" : "page", "a@href", i + 1, 1, null))] : null,
            Anchors = parsed ? page.Anchors : null,
        };
    }

    private static CrawlState NewCrawl(CrawlResume? resume, bool ignoreRobots = true)
    {
        var scope = new CrawlScope(ScopeKind.Prefix, [Url(Site + "index.html")], [], []);
        var crawl = new CrawlState(new CrawlSettings(scope, null, null, false, true, ignoreRobots, "webfetch"), (_, _) => { }) { Resume = resume };
        crawl.AddStart(Url(Site + "index.html"), LinkKinds.Page);
        return crawl;
    }

    /// <summary>Fetches from the in-memory site until <paramref name="stopAfter"/> URLs (or the end); returns the records written, in order.</summary>
    private static List<FetchResult> Crawl(CrawlState crawl, List<string> fetched, int stopAfter = int.MaxValue)
    {
        var written = new List<FetchResult>();
        while (fetched.Count < stopAfter && crawl.TryNext(out CrawlTarget target))
        {
            fetched.Add(target.Key);
            written.AddRange(crawl.OnRecord(Answer(target)));
        }
        written.AddRange(crawl.Finish());
        return written;
    }

    private CrawlResume OpenResume(List<FetchResult>? replayed = null)
    {
        var done = new DoneUrls();
        FileStream file = ResumeFile.Open(RecordsPath, done);
        _open.Add(file);
        return CrawlResume.Open(file, RecordsPath, done, Header, record => replayed?.Add(record));
    }

    private readonly List<FileStream> _open = [];

    private void Append(IEnumerable<FetchResult> records)
    {
        foreach (FileStream file in _open)
        {
            file.Dispose();
        }
        _open.Clear();
        File.AppendAllLines(RecordsPath, records.Select(r => JsonSerializer.Serialize(r, ProtocolJson.Compact.FetchResult)));
    }

    /// <summary>What a record says that a resume must keep: the URL, the error kind, depth, kind, and the referrers as a set.</summary>
    private static string Summary(FetchResult r) =>
        $"{r.Url} {r.Error?.Kind} {r.Depth} {r.Kind} {r.ReferrersTotal} [{string.Join(" ", (r.Referrers ?? []).Select(x => $"{x.Url}:{x.Line}").Order(StringComparer.Ordinal))}]";

    private static List<string> Latest(IEnumerable<FetchResult> records) =>
        [.. records.GroupBy(r => r.Url).Select(g => Summary(g.Last())).Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(6, true)]
    [InlineData(9, true)]
    [InlineData(4, false)]
    [InlineData(10, false)]
    public void ACrawlStoppedAfterSomeUrlsAndResumedGivesTheRecordsOfOneCrawlAndFetchesNothingTwice(int stopAfter, bool ignoreRobots)
    {
        var straightFetched = new List<string>();
        List<FetchResult> straight = Crawl(NewCrawl(null, ignoreRobots), straightFetched);

        var firstFetched = new List<string>();
        using (CrawlResume first = OpenResume())
        {
            List<FetchResult> part = Crawl(NewCrawl(first, ignoreRobots), firstFetched, stopAfter);
            Append(part);
        }
        var secondFetched = new List<string>();
        var replayed = new List<FetchResult>();
        using (CrawlResume second = OpenResume(replayed))
        {
            Append(Crawl(NewCrawl(second, ignoreRobots), secondFetched));
        }

        List<FetchResult> file = [.. File.ReadLines(RecordsPath).Select(l => JsonSerializer.Deserialize(l, ProtocolJson.Compact.FetchResult)!)];
        Assert.Equal(Latest(straight), Latest(file));
        // a 404 is the URL's answer: not fetched again; robots.txt is read again for the URLs still to fetch
        Assert.DoesNotContain(firstFetched.Intersect(secondFetched, StringComparer.Ordinal), url => !url.StartsWith("robots.txt of ", StringComparison.Ordinal));
        Assert.Equal(straightFetched.Order(StringComparer.Ordinal), firstFetched.Union(secondFetched).Order(StringComparer.Ordinal));
        Assert.Equal(firstFetched.Count, firstFetched.Distinct().Count());
        Assert.All(replayed, r => Assert.Null(r.Error));
    }

    [Fact]
    public void APageWhoseLinksAreNotKeptIsFetchedAgainAndNothingElseIs()
    {
        var firstFetched = new List<string>();
        using (CrawlResume first = OpenResume())
        {
            Append(Crawl(NewCrawl(first), firstFetched, 8));
        }
        File.Delete(CrawlResumeLinks.PathOf(RecordsPath)); // as after a crawl written with -o
        var secondFetched = new List<string>();
        using (CrawlResume second = OpenResume())
        {
            Append(Crawl(NewCrawl(second), secondFetched));
        }

        List<string> again = [.. firstFetched.Intersect(secondFetched, StringComparer.Ordinal)];
        Assert.NotEmpty(again);
        Assert.All(again, url => Assert.EndsWith(".html", url, StringComparison.Ordinal));
        Assert.DoesNotContain(again, url => url.Contains("missing", StringComparison.Ordinal));
        Assert.DoesNotContain(Site + "logo.png", again);
        List<FetchResult> file = [.. File.ReadLines(RecordsPath).Select(l => JsonSerializer.Deserialize(l, ProtocolJson.Compact.FetchResult)!)];
        Assert.Equal(Latest(Crawl(NewCrawl(null), [])), Latest(file));
    }
}
