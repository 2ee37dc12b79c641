namespace WebFetch.Fetching;

/// <summary>
/// One URL of a sitemap: the absolute http(s) URL of a <c>&lt;loc&gt;</c> (or of a line of a
/// plain-text sitemap) and where it stands, 1-based: the <c>&lt;</c> of the <c>&lt;loc&gt;</c>
/// tag, or the first character of the line's URL.
/// </summary>
internal sealed record SitemapEntry(string Url, int Line, int Column);
