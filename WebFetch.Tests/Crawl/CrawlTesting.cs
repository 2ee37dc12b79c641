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
}
