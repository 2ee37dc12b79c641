namespace WebFetch.Protocol;

/// <summary>A page that links to a crawl record's URL: the page, where the link is in it (1-based line and column), the tag it was found in and its text.</summary>
internal sealed record Referrer(string Url, int Line, int Col, string Tag, string? Text);
