using WebFetch.Crawl;
using WebFetch.Protocol;
using Xunit;
using static WebFetch.Tests.Crawl.CrawlTesting;

namespace WebFetch.Tests.Crawl;

/// <summary>The frontier, in memory and spilled to disk with a tiny bound: the same order, the same referrers, nothing left behind.</summary>
public sealed class FrontierTests : IDisposable
{
    private const string Site = "http://site.invalid";

    private readonly string _parent = Directory.CreateTempSubdirectory("wf-frontier-").FullName;
    private readonly List<string> _spilled = [];

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    private Frontier NewFrontier(int memoryUrls) => new(memoryUrls, _parent, _spilled.Add);

    private static UrlState State(string path, int depth, long order, FetchMode mode = FetchMode.Crawl) =>
        new(new CrawlTarget(Site + path, Url(Site + path), depth, mode == FetchMode.Robots ? "robots" : LinkKinds.Page, false, mode) { Order = order });

    private static List<string> TakeAll(Frontier frontier)
    {
        var keys = new List<string>();
        while (frontier.TryTake(out UrlState state))
        {
            keys.Add(state.Target.Key);
        }
        return keys;
    }

    [Fact]
    public void TheFrontierGivesTheLowestDepthFirstInTheOrderFound()
    {
        using Frontier frontier = NewFrontier(100);
        frontier.Add(State("/c", 2, 0));
        frontier.Add(State("/a", 1, 5));
        frontier.Add(State("/b", 1, 6));
        frontier.Add(State("/robots.txt", -1, 7, FetchMode.Robots));

        Assert.Equal([Site + "/robots.txt", Site + "/a", Site + "/b", Site + "/c"], TakeAll(frontier));
    }

    [Fact]
    public void SpilledUrlsComeBackInTheSameOrderAsIfAllWereKeptInMemory()
    {
        using Frontier frontier = NewFrontier(4);
        var random = new Random(18);
        var expected = new PriorityQueue<string, (int, long)>();
        var taken = new List<string>();
        var wanted = new List<string>();
        int spilledMost = 0;
        for (int i = 0; i < 500; i++)
        {
            // mostly in order, as a crawl finds them, with late finds at lower depths and robots.txt fetches
            int depth = i % 50 == 7 ? -1 : i / 100 - random.Next(0, 2);
            long order = ((i % 10 == 3 ? random.Next(0, i + 1) : i) * 1000) + i; // unique, as the crawl's are
            string path = $"/{i}";
            frontier.Add(State(path, depth, order, depth < 0 ? FetchMode.Robots : FetchMode.Crawl));
            expected.Enqueue(Site + path, (depth, order));
            spilledMost = Math.Max(spilledMost, frontier.OnDisk);
            if (i % 3 == 0 && frontier.TryTake(out UrlState state))
            {
                taken.Add(state.Target.Key);
                wanted.Add(expected.Dequeue());
            }
        }
        taken.AddRange(TakeAll(frontier));
        while (expected.TryDequeue(out string? key, out _))
        {
            wanted.Add(key);
        }

        Assert.True(spilledMost > 100);
        Assert.Equal(wanted, taken);
        Assert.Equal(0, frontier.Count);
    }

    [Fact]
    public void ASpilledUrlKeepsItsReferrersAndFragmentsAndGainsTheLinksFoundMeanwhile()
    {
        using Frontier frontier = NewFrontier(2);
        UrlState spilled = State("/late", 1, 10);
        spilled.Referrers.Add(new Referrer(Site + "/", 3, 4, "a@href", "late"));
        spilled.AddFragment("intro", new Referrer(Site + "/", 5, 6, "a@href", null));
        frontier.Add(State("/first", 1, 1));
        frontier.Add(State("/second", 1, 2));
        frontier.Add(spilled);

        Assert.Equal([Site + "/second", Site + "/late"], _spilled); // the later half of three
        Assert.False(frontier.TryGetSpilled(Site + "/first", out _));
        Assert.True(frontier.TryGetSpilled(Site + "/late", out UrlState? meanwhile));
        meanwhile.Referrers.Add(new Referrer(Site + "/other", 7, 8, "a@href", "again"));
        meanwhile.AddFragment("intro", new Referrer(Site + "/other", 9, 1, "a@href", null));
        meanwhile.AddFragment("usage", new Referrer(Site + "/other", 10, 1, "a@href", null));
        frontier.TryTake(out _);
        frontier.TryTake(out _);
        Assert.True(frontier.TryTake(out UrlState back));

        Assert.NotSame(spilled, back);
        Assert.Equal((Site + "/late", 1, 10L, "page"), (back.Target.Key, back.Target.Depth, back.Target.Order, back.Target.Kind));
        Assert.Equal(Site + "/late", back.Target.Url!.Href);
        Assert.Equal([(Site + "/", 3, "late"), (Site + "/other", 7, "again")], back.Referrers.First.Select(r => (r.Url, r.Line, r.Text)));
        Assert.Equal(2, back.Referrers.Total);
        Assert.Equal((2, 1), (back.Fragments!["intro"].Total, back.Fragments["usage"].Total));
        Assert.False(frontier.TryGetSpilled(Site + "/late", out _));
    }

    [Fact]
    public void TheSpillFileLeavesNothingBehindWhileInUseOrAfter()
    {
        using (Frontier frontier = NewFrontier(2))
        {
            for (int i = 0; i < 50; i++)
            {
                frontier.Add(State($"/{i}", 1, i));
            }
            Assert.True(frontier.OnDisk > 0);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_parent));
            Assert.Equal(50, TakeAll(frontier).Count);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(_parent));
    }

    [Fact]
    public void ASpillDirectoryThatCannotBeWrittenIsSaidAndEveryUrlStaysInMemoryInOrder()
    {
        string notADirectory = Path.Combine(_parent, "file");
        File.WriteAllText(notADirectory, "");
        string parent = Path.Combine(notADirectory, "sub");
        using var frontier = new Frontier(2, parent, _spilled.Add);
        for (int i = 5; i > 0; i--)
        {
            frontier.Add(State($"/{i}", 1, i));
        }

        Assert.Contains(parent, frontier.SpillFailure, StringComparison.Ordinal);
        Assert.Contains("TMPDIR", frontier.SpillFailure, StringComparison.Ordinal);
        Assert.Equal((5, 0), (frontier.Count, frontier.OnDisk));
        Assert.Empty(_spilled);
        Assert.Equal([.. Enumerable.Range(1, 5).Select(i => $"{Site}/{i}")], TakeAll(frontier));
    }

    [Fact]
    public void ACrawlWithATinyFrontierTakesTheSameUrlsInTheSameOrderWithTheSameReferrers()
    {
        (List<string> Order, List<(string?, int?)> Referrers) Crawl(int memoryUrls)
        {
            var scope = new CrawlScope(ScopeKind.Prefix, [Url(Site + "/")], [], []);
            using var crawl = new CrawlState(new CrawlSettings(scope, null, null, false, true, true, "webfetch") { FrontierMemoryUrls = memoryUrls }, (_, _) => { });
            crawl.AddStart(Url(Site + "/"), LinkKinds.Page);
            var order = new List<string>();
            var written = new List<FetchResult>();
            while (crawl.TryNext(out CrawlTarget target))
            {
                order.Add(target.Key);
                int n = order.Count;
                // each page links to ten new pages, to an anchor of one the page before found and to another of those (queued, perhaps
                // on disk: each gains a referrer), and to the start page (done: nothing)
                FoundLink[] links = [.. Enumerable.Range(n * 10, 10).Select(i => new FoundLink($"{Site}/{i}", "page", "a@href", i, 1, null)),
                    new FoundLink($"{Site}/{((n - 1) * 10) + 5}#s{n % 3}", "page", "a@href", 99, 1, null),
                    new FoundLink($"{Site}/{((n - 1) * 10) + 6}", "page", "a@href", 100, 1, null),
                    new FoundLink($"{Site}/", "page", "a@href", 101, 1, null)];
                written.AddRange(crawl.OnRecord(new FetchResult { Url = target.Key, Status = 200, FoundLinks = n < 60 ? links : [], Anchors = [$"s{n % 2}"] }));
            }
            written.AddRange(crawl.Finish());
            Assert.True(crawl.IsFinished);
            return (order, [.. written.OrderBy(r => r.Url, StringComparer.Ordinal).Select(r => (r.Url, r.ReferrersTotal))]);
        }

        var inMemory = Crawl(100_000);
        var spilled = Crawl(4);

        Assert.True(inMemory.Order.Count > 500);
        Assert.Contains(inMemory.Referrers, r => r.Item2 == 2);
        Assert.Contains((Site + "/", (int?)0), inMemory.Referrers);
        Assert.Contains(inMemory.Referrers, r => r.Item1!.Contains('#', StringComparison.Ordinal));
        Assert.Equal(inMemory.Order, spilled.Order);
        Assert.Equal(inMemory.Referrers, spilled.Referrers);
    }
}
