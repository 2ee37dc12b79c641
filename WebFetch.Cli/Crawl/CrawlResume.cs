using System.Text.Json;
using Serilog;
using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Protocol;

namespace WebFetch.Crawl;

/// <summary>
/// What a crawl resumed with <c>--resume FILE</c> has already: the records of FILE that are
/// done (the latest record of each URL, done as <c>run --resume</c> decides:
/// <see cref="RefetchTable"/>) and, from the links file (<see cref="CrawlResumeLinks"/>), the
/// links and anchors of the pages among them. When the crawl takes such a URL from its
/// frontier, it replays its record instead of fetching it (<see cref="CrawlState"/>): its links
/// are followed, its anchors kept, its referrers found as they were. A page whose links are
/// not known (no line in the links file) is fetched again. Not thread-safe.
/// </summary>
internal sealed class CrawlResume : IDisposable
{
    private readonly Dictionary<string, FetchResult> _records;
    private readonly CrawlResumeLinks _links;
    private readonly Action<FetchResult> _replayed;

    private CrawlResume(Dictionary<string, FetchResult> records, CrawlResumeLinks links, Action<FetchResult> replayed)
    {
        _records = records;
        _links = links;
        _replayed = replayed;
    }

    /// <summary>URLs replayed from the file rather than fetched.</summary>
    public long Replayed { get; private set; }

    /// <summary>Told the key of each URL replayed, which will never be fetched in this crawl (over a queue: a record of it held there is not needed).</summary>
    public Action<string>? OnReplayed { get; set; }

    /// <summary>
    /// Reads the records of the resume file <paramref name="records"/> (opened, repaired and read for
    /// <paramref name="done"/> by <see cref="ResumeFile"/>) and opens its links file.
    /// <paramref name="replayed"/> sees every record replayed without an error (those with one are written again, with every referrer).
    /// </summary>
    /// <exception cref="OutputFileException">FILE is not a regular file, or its links file cannot be used.</exception>
    public static CrawlResume Open(FileStream records, string path, DoneUrls done, CrawlResumeHeader header, Action<FetchResult> replayed)
    {
        if (FileIdentity.Of(records.SafeFileHandle) is not { IsRegularFile: true })
        {
            throw new OutputFileException($"crawl --resume needs a regular file, and '{path}' is not one: the crawl keeps its links file next to it ('{CrawlResumeLinks.PathOf(path)}')");
        }
        Dictionary<string, FetchResult> stored = Read(records, done);
        CrawlResumeLinks links = CrawlResumeLinks.Open(path, header, fresh: records.Length == 0);
        if (stored.Count > 0 && links.Pages.Count == 0)
        {
            Log.Warning("{File} has records and its links file '{Links}' has no page: the pages recorded are fetched again for their links",
                path, CrawlResumeLinks.PathOf(path));
        }
        Log.Debug("{File}: {Records} records to replay, links of {Pages} pages", path, stored.Count, links.Pages.Count);
        return new CrawlResume(stored, links, replayed);
    }

    /// <summary>Whether <paramref name="target"/> has a record to replay rather than a fetch.</summary>
    public bool Has(CrawlTarget target) => Find(target, out _, out _);

    /// <summary>
    /// Takes the record of <paramref name="target"/> to replay, with the links and anchors of its page
    /// when it was parsed (<paramref name="parsed"/>); false when it is to be fetched.
    /// </summary>
    public bool TryTake(CrawlTarget target, out FetchResult record, out bool parsed)
    {
        if (!Find(target, out FetchResult? stored, out FetchResult? page))
        {
            record = null!;
            parsed = false;
            return false;
        }
        _records.Remove(target.Key);
        _links.Pages.Remove(target.Key);
        parsed = page is not null;
        record = page is null ? stored : stored with { FoundLinks = page.FoundLinks, Anchors = page.Anchors, LinksCounted = page.LinksCounted };
        Replayed++;
        OnReplayed?.Invoke(target.Key);
        if (stored.Error is null)
        {
            _replayed(stored);
        }
        return true;
    }

    /// <summary>Keeps the links and anchors of a page fetched and parsed, for the next resume.</summary>
    public void Keep(string key, FetchResult record) => _links.Keep(key, record);

    public void Dispose() => _links.Dispose();

    private bool Find(CrawlTarget target, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FetchResult? record, out FetchResult? page)
    {
        page = null;
        if (!_records.TryGetValue(target.Key, out record))
        {
            return false;
        }
        _links.Pages.TryGetValue(target.Key, out page);
        return record.Error is not null || page is not null || target.Mode != FetchMode.Crawl;
    }

    /// <summary>The latest record of each URL that <paramref name="done"/> says is done.</summary>
    internal static Dictionary<string, FetchResult> Read(FileStream records, DoneUrls done)
    {
        var latest = new Dictionary<string, FetchResult>(StringComparer.Ordinal);
        FileLines.ForEach(records.SafeFileHandle, (_, line) =>
        {
            if (Record(line) is { } record)
            {
                latest[record.Url] = record;
            }
        });
        foreach (string url in latest.Keys.Where(url => !done.Contains(url)).ToList())
        {
            latest.Remove(url);
        }
        return latest;
    }

    private static FetchResult? Record(ReadOnlySpan<byte> line)
    {
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(line, ProtocolJson.Compact.FetchResult);
        }
        catch (JsonException)
        {
            return null; // ResumeFile refused a file with a line that is not a record
        }
    }
}
