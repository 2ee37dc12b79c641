using System.Text.Json;
using WebFetch.Crawl;
using WebFetch.Tests.Support;
using WebFetch.Urls;
using Xunit;

namespace WebFetch.Tests.Crawl;

/// <summary>What the crawl's tests share: a URL from its text, everything the frontier holds now, and the planted defects found in a crawl's records.</summary>
internal static class CrawlTesting
{
    public static WebUrl Url(string text) => WebUrl.TryParse(text, out WebUrl? url, out string? problem) ? url : throw new ArgumentException(problem);

    public static List<CrawlTarget> TakeAll(CrawlState crawl)
    {
        var taken = new List<CrawlTarget>();
        while (crawl.TryNext(out CrawlTarget target))
        {
            taken.Add(target);
        }
        return taken;
    }

    /// <summary>A record's error kind, or null.</summary>
    public static string? ErrorKindOf(JsonElement record) =>
        record.GetProperty("error").ValueKind == JsonValueKind.Null ? null : record.GetProperty("error").GetProperty("kind").GetString();

    /// <summary>Each defect planted in <paramref name="site"/> is one record, of its error kind and kind, with its one referrer at its line and tag; no other record is broken, and no URL has two records.</summary>
    public static void AssertEveryDefectOnce(CrawlSite site, IReadOnlyList<JsonElement> records)
    {
        foreach ((string url, string error, string kind, string page, int line, string tag) in site.Defects)
        {
            JsonElement record = Assert.Single(records, r => r.GetProperty("url").GetString() == url);
            Assert.Equal((url, error, kind), (url, ErrorKindOf(record), record.GetProperty("kind").GetString()));
            JsonElement referrer = Assert.Single(record.GetProperty("referrers").EnumerateArray());
            Assert.Equal((url, site.Url(page), line, tag),
                (url, referrer.GetProperty("url").GetString(), referrer.GetProperty("line").GetInt32(), referrer.GetProperty("tag").GetString()));
            Assert.Equal(1, record.GetProperty("referrers_total").GetInt32());
        }
        List<string?> broken = [.. records.Where(r => ErrorKindOf(r) is not null).Select(r => r.GetProperty("url").GetString())];
        Assert.Equal(site.Defects.Select(d => d.Url).Order(StringComparer.Ordinal), broken.Order(StringComparer.Ordinal));
        Assert.Equal(records.Count, records.Select(r => r.GetProperty("url").GetString()).Distinct().Count());
    }

    /// <summary>The records of <paramref name="file"/>, read as it grows: a last line without its newline (being written, or cut short) is left out.</summary>
    public static List<JsonElement> RecordsOf(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        string[] lines = reader.ReadToEnd().Split('\n');
        return [.. lines[..^1].Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    /// <summary>A record's referrers as <c>URL:LINE</c>, in order.</summary>
    public static string[] Referrers(JsonElement record) =>
        [.. record.GetProperty("referrers").EnumerateArray().Select(r => $"{r.GetProperty("url").GetString()}:{r.GetProperty("line").GetInt32()}").Order(StringComparer.Ordinal)];

    /// <summary>What a record says of the crawl: its URL, error kind, depth, kind, and referrers as a set.</summary>
    public static List<string> Summaries(IEnumerable<JsonElement> records) =>
        [.. records.Select(r => $"{r.GetProperty("url").GetString()} {ErrorKindOf(r)} {r.GetProperty("depth").GetInt32()} {r.GetProperty("kind").GetString()} "
            + $"{r.GetProperty("referrers_total").GetInt32()} {string.Join(" ", Referrers(r))}").Order(StringComparer.Ordinal)];
}
