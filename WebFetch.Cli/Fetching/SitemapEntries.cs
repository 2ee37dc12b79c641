using WebFetch.Urls;

namespace WebFetch.Fetching;

/// <summary>
/// The URLs of a sitemap as they are read: each value trimmed, resolved against the sitemap's
/// address (the protocol asks for absolute URLs; a relative one is read as a browser would),
/// kept when it is an http or https URL, counted as skipped otherwise, and no more than
/// <see cref="Defaults.MaxSitemapEntries"/> of them.
/// </summary>
internal sealed class SitemapEntries(WebUrl? address)
{
    private readonly List<SitemapEntry> _entries = [];

    /// <summary>Whether a URL came past the bound (it and those after it are not kept).</summary>
    public bool Truncated { get; private set; }

    /// <summary>Values that were not an http(s) URL, or too long.</summary>
    public int Skipped { get; private set; }

    /// <summary>Whether the list is full: the reader stops at the next URL.</summary>
    public bool Full => _entries.Count >= Defaults.MaxSitemapEntries;

    /// <summary>Whether the URLs are sitemaps (the root element is a <c>sitemapindex</c>).</summary>
    public bool IsIndex { get; set; }

    /// <summary>The document read so far; <paramref name="truncated"/> when the byte bound cut it.</summary>
    public SitemapDocument ToDocument(bool truncated, string? error) =>
        new(_entries, IsIndex, truncated || Truncated) { Error = error, Skipped = Skipped };

    /// <summary>Counts a value left out before it could be read whole (a line over the bound).</summary>
    public void Skip() => Skipped++;

    /// <summary>Adds the URL of <paramref name="value"/> found at <paramref name="line"/> and <paramref name="column"/>; false when the bound is reached and reading should stop.</summary>
    public bool Add(string value, int line, int column)
    {
        if (Full)
        {
            Truncated = true;
            return false;
        }
        string trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Length > SitemapParser.MaxUrlChars
            || !WebUrl.TryParse(trimmed, address, out WebUrl? url, out _))
        {
            Skipped++;
            return true;
        }
        _entries.Add(new SitemapEntry(url.Href, line, column));
        return true;
    }
}
