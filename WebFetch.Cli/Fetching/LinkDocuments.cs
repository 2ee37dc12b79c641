namespace WebFetch.Fetching;

/// <summary>
/// The documents besides HTML whose links a crawl reads (<see cref="FetchOptions.Crawl"/>):
/// CSS files (text/css) and, once a sitemap parser is in, XML sitemaps.
/// </summary>
internal static class LinkDocuments
{
    /// <summary>Whether a crawl reads this non-HTML body for its links (else its body need not be read).</summary>
    public static bool HasLinks(FetchOptions options, string? mediaType) => options.Crawl && IsCss(mediaType);

    /// <summary>The links of a non-HTML body a crawl reads (<see cref="HasLinks"/>), as a summary with no title.</summary>
    public static PageSummary Extract(ReadOnlySpan<byte> body, string? contentType, string? mediaType, Uri address) =>
        IsCss(mediaType) ? CssFile.Extract(body, contentType, address) : throw new ArgumentException($"no links are read from {mediaType}", nameof(mediaType));

    private static bool IsCss(string? mediaType) => string.Equals(mediaType, "text/css", StringComparison.OrdinalIgnoreCase);
}
