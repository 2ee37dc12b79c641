namespace WebFetch.Crawl;

/// <summary>How the crawl asks a worker to fetch one URL.</summary>
internal enum FetchMode
{
    /// <summary>A page, stylesheet or sitemap in scope: fetched and parsed, its links and anchors returned.</summary>
    Crawl,

    /// <summary>Out of scope, or a resource that is not parsed (image, script, media, font, object): HEAD, GET headers only when refused.</summary>
    CheckOnly,

    /// <summary>A host's robots.txt: its body returned, never written as a record.</summary>
    Robots,
}
