using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// One URL the crawl will fetch: <see cref="Key"/>, the URL without its fragment as the URL
/// Standard serialises it (what the record's <c>url</c> says and what the seen-set hashes), its
/// depth, the kind of the first link that found it, whether it is out of scope, and how it is fetched.
/// </summary>
internal sealed record CrawlTarget(string Key, WebUrl? Url, int Depth, string Kind, bool External, FetchMode Mode)
{
    /// <summary>The order it was found in: with <see cref="Depth"/>, its place in the frontier.</summary>
    public long Order { get; init; }
}
