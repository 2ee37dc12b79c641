using System.Text.Json;
using WebFetch.Crawl;
using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Crawl;

/// <summary>The files a crawl resumes from, read without processes: the records file's latest records, and the links file next to it.</summary>
public sealed class CrawlResumeLinksTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("webfetch-crawl-links-").FullName;

    private string RecordsPath => Path.Combine(_directory, "crawl.jsonl");

    private string LinksPath => CrawlResumeLinks.PathOf(RecordsPath);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly CrawlResumeHeader Header = new(["http://site.invalid/"], [], "prefix", [], [], 2, null, false, true, false);

    private static string Line(FetchResult record) => JsonSerializer.Serialize(record, ProtocolJson.Compact.FetchResult);

    private static FetchResult Page(string url) =>
        new() { Url = url, FoundLinks = [new FoundLink("http://site.invalid/a.html", "page", "a@href", 3, 1, "a")], Anchors = ["intro"] };

    [Fact]
    public void ANewLinksFileStartsWithTheCrawlsHeaderAndIsReadableByItsOwnerOnly()
    {
        using (CrawlResumeLinks links = CrawlResumeLinks.Open(RecordsPath, Header, fresh: true))
        {
            links.Keep("http://site.invalid/", Page("http://site.invalid/"));
        }

        string[] lines = File.ReadAllLines(LinksPath);
        Assert.Equal(Header.Line(), lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LinksPath));
        using CrawlResumeLinks again = CrawlResumeLinks.Open(RecordsPath, Header, fresh: false);
        FetchResult page = again.Pages["http://site.invalid/"];
        Assert.Equal(["intro"], page.Anchors!);
        Assert.Equal(("http://site.invalid/a.html", 3), (page.FoundLinks![0].Url, page.FoundLinks[0].Line));
    }

    [Fact]
    public void ALastLineCutShortIsRemovedAndTheOthersAreKept()
    {
        File.WriteAllText(LinksPath, $"{Header.Line()}\n{Line(Page("http://site.invalid/"))}\n{Line(Page("http://site.invalid/b.html"))[..40]}");

        using (CrawlResumeLinks links = CrawlResumeLinks.Open(RecordsPath, Header, fresh: false))
        {
            Assert.Equal(["http://site.invalid/"], links.Pages.Keys);
            links.Keep("http://site.invalid/c.html", Page("http://site.invalid/c.html"));
        }

        string[] lines = File.ReadAllLines(LinksPath);
        Assert.Equal(3, lines.Length);
        Assert.Equal("http://site.invalid/c.html", JsonSerializer.Deserialize(lines[2], ProtocolJson.Compact.FetchResult)!.Url);
    }

    [Fact]
    public void TheLinksFileOfAnotherCrawlIsRefusedNamingBothCrawlsAndLeftAsItIs()
    {
        File.WriteAllText(LinksPath, $"{Header.Line()}\n{Line(Page("http://site.invalid/"))}\n");
        string before = File.ReadAllText(LinksPath);

        var e = Assert.Throws<OutputFileException>(() => CrawlResumeLinks.Open(RecordsPath, Header with { Starts = ["http://other.invalid/"] }, fresh: false));

        Assert.Contains("another crawl", e.Message, StringComparison.Ordinal);
        Assert.Contains("from http://site.invalid/ (scope prefix, depth 2)", e.Message, StringComparison.Ordinal);
        Assert.Contains("from http://other.invalid/", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(before, File.ReadAllText(LinksPath));
    }

    [Fact]
    public void ALinksFileIsStartedAnewWhenTheRecordsFileHasNoRecord()
    {
        File.WriteAllText(LinksPath, $"{(Header with { Depth = 5 }).Line()}\n{Line(Page("http://site.invalid/"))}\n");

        using (CrawlResumeLinks links = CrawlResumeLinks.Open(RecordsPath, Header, fresh: true))
        {
            Assert.Empty(links.Pages);
        }

        Assert.Equal([Header.Line()], File.ReadAllLines(LinksPath));
    }

    [Fact]
    public void TheRecordsToReplayAreTheLatestOfEachUrlThatIsDone()
    {
        FetchResult ok = new() { Url = "http://site.invalid/", Status = 200, Depth = 0, Kind = "page" };
        FetchResult gone = new() { Url = "http://site.invalid/gone.html", Status = 404, Error = new FetchError(ErrorKind.HttpStatus, "404") };
        FetchResult stopped = new() { Url = "http://site.invalid/slow.html", Error = new FetchError(ErrorKind.Interrupted, "stopped") };
        FetchResult down = new() { Url = "http://site.invalid/down.html", Status = 503, Error = new FetchError(ErrorKind.HttpStatus, "503") };
        FetchResult retried = new() { Url = "http://site.invalid/again.html", Error = new FetchError(ErrorKind.Timeout, "timeout") };
        File.WriteAllText(RecordsPath, string.Join("\n", [Line(ok), Line(gone), Line(stopped), Line(down), Line(retried), Line(retried with { Status = 200, Error = null }),
            Line(ok)[..30]]));
        var done = new DoneUrls();

        using FileStream file = ResumeFile.Open(RecordsPath, done);
        Dictionary<string, FetchResult> records = CrawlResume.Read(file, done);

        Assert.Equal(["http://site.invalid/", "http://site.invalid/again.html", "http://site.invalid/gone.html"], records.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(200, records["http://site.invalid/again.html"].Status);
    }
}
