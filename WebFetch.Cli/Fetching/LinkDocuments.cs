using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// The documents besides HTML whose links a crawl reads (<see cref="FetchOptions.Crawl"/>):
/// CSS files (text/css, <see cref="CssFile"/>) and XML sitemaps (application/xml, text/xml, or a
/// body whose URL ends in .xml.gz; <see cref="SitemapParser"/>).
/// </summary>
internal static class LinkDocuments
{
    /// <summary>Whether a crawl reads this non-HTML body for its links (else its body need not be read).</summary>
    public static bool HasLinks(FetchOptions options, string? mediaType, Uri target) =>
        options.Crawl && (IsCss(mediaType) || IsSitemap(mediaType, target));

    /// <summary>The links of a non-HTML body a crawl reads (<see cref="HasLinks"/>), as a summary with no title.</summary>
    public static PageSummary Extract(ReadOnlySpan<byte> body, string? contentType, string? mediaType, Uri target, bool countLinksOnly = false) =>
        IsCss(mediaType) ? CssFile.Extract(body, contentType, target, countLinksOnly) : Sitemap(body, target);

    /// <summary>A sitemap's URLs as found links: pages, or for a sitemap index, other sitemaps; each at its loc.</summary>
    private static PageSummary Sitemap(ReadOnlySpan<byte> body, Uri target)
    {
        SitemapDocument sitemap = SitemapParser.Parse(body, target);
        string kind = sitemap.IsIndex ? LinkKind.Sitemap : LinkKind.Page;
        List<FoundLink> found = FoundLinks.Bounded(
            sitemap.Entries.Select(entry => new FoundLink(entry.Url, kind, "sitemap@loc", entry.Line, entry.Column, null)), out bool truncated);
        return new PageSummary(null, null, null, null, 0)
        {
            FoundLinks = found,
            LinksSkipped = sitemap.Skipped,
            LinksTruncated = truncated || sitemap.Truncated,
            Anchors = [],
        };
    }

    private static bool IsCss(string? mediaType) => string.Equals(mediaType, "text/css", StringComparison.OrdinalIgnoreCase);

    private static bool IsSitemap(string? mediaType, Uri target) =>
        string.Equals(mediaType, "application/xml", StringComparison.OrdinalIgnoreCase)
        || string.Equals(mediaType, "text/xml", StringComparison.OrdinalIgnoreCase)
        || target.AbsolutePath.EndsWith(".xml.gz", StringComparison.OrdinalIgnoreCase);
}
