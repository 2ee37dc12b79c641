namespace WebFetch.Fetching;

/// <summary>
/// What <see cref="SitemapParser"/> read from a sitemap: its URLs in document order, whether
/// it is a sitemap index (its URLs are other sitemaps) or a list of pages, and whether a bound
/// stopped the reading (<see cref="Defaults.MaxSitemapEntries"/> URLs or
/// <see cref="Defaults.MaxSitemapBytes"/> bytes after gzip).
/// </summary>
/// <remarks>
/// A document that is not well-formed XML, or a gzip stream that is corrupt, keeps the URLs
/// read before the fault and says what it was in <see cref="Error"/>; the parser never throws
/// for what a server sent.
/// </remarks>
internal sealed record SitemapDocument(IReadOnlyList<SitemapEntry> Entries, bool IsIndex, bool Truncated)
{
    /// <summary>An empty document that is not an index.</summary>
    public static SitemapDocument Empty { get; } = new([], IsIndex: false, Truncated: false);

    /// <summary>Why the reading stopped before the end of the document (malformed XML, corrupt gzip), with the line and column where the XML reader saw it; null when it read to the end.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// <c>&lt;loc&gt;</c> values (or lines) left out because they are not an http or https URL,
    /// absolute or relative to the sitemap's own address, or are longer than
    /// <see cref="SitemapParser.MaxUrlChars"/>.
    /// </summary>
    public int Skipped { get; init; }
}
