using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// What <see cref="PageFetcher"/> learns of one URL, hop by hop and attempt by attempt:
/// mutable, owned by the one fetch that fills it and never handed on; the fetch makes the
/// immutable <see cref="FetchResult"/> from it once, at the end (<see cref="Build"/>).
/// </summary>
internal sealed class FetchResultBuilder(string url, string finalUrl)
{
    public string FinalUrl { get; set; } = finalUrl;
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public long Length { get; set; }

    /// <summary>What the page's HTML holds; null until an HTML body has been read and parsed.</summary>
    public PageSummary? Page { get; set; }

    public int Redirects { get; set; }
    public int Attempts { get; set; } = 1;
    public FetchError? Error { get; set; }

    /// <summary>The record of the fetch, which took <paramref name="elapsedMs"/> in all.</summary>
    public FetchResult Build(long elapsedMs) => new()
    {
        Url = url,
        FinalUrl = FinalUrl,
        Status = Status,
        ContentType = ContentType,
        Charset = Page?.Charset,
        Length = Length,
        Title = Page?.Title,
        Description = Page?.Description,
        Lang = Page?.Lang,
        Canonical = Page?.Canonical,
        Links = Page?.Links ?? 0,
        Select = Page?.Select,
        LinkUrls = Page?.LinkUrls,
        LinksTruncated = Page is { LinksTruncated: true } ? true : null,
        Redirects = Redirects,
        ElapsedMs = elapsedMs,
        Attempts = Attempts,
        Error = Error,
        // Link discovery for a crawl (issue 18).
        FoundLinks = Page?.FoundLinks,
        LinksSkipped = Page is { LinksSkipped: > 0 } ? Page.LinksSkipped : null,
        Anchors = Page?.Anchors,
        AnchorsTruncated = Page is { AnchorsTruncated: true } ? true : null,
    };
}
