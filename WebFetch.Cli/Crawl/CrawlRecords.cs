using WebFetch.Protocol;

namespace WebFetch.Crawl;

/// <summary>
/// A crawl's output record: the record as <c>run</c> writes it, plus <c>depth</c>,
/// <c>kind</c>, <c>external</c>, <c>referrers</c> and <c>referrers_total</c>; without the
/// wire fields only the crawl reads (<c>found_links</c>, <c>anchors</c>, <c>body</c>).
/// </summary>
internal static class CrawlRecords
{
    public static FetchResult Written(FetchResult record, CrawlTarget target, ReferrerList referrers) => record with
    {
        FoundLinks = null,
        LinksCounted = null,
        Anchors = null,
        Body = null,
        BodyTruncated = null,
        Depth = target.Depth,
        Kind = target.Kind,
        External = target.External,
        Referrers = [.. referrers.First],
        ReferrersTotal = referrers.Total,
    };

    /// <summary>The record of a URL never fetched, with why.</summary>
    public static FetchResult NotFetched(string url, FetchError error) => new() { Url = url, Error = error };
}
