namespace WebFetch.Crawl;

/// <summary>The kinds of link the worker reports (<see cref="Protocol.FoundLink.Kind"/>) that the crawl tells apart.</summary>
internal static class LinkKinds
{
    public const string Page = "page";
    public const string Stylesheet = "stylesheet";
    public const string Sitemap = "sitemap";

    /// <summary>Whether a URL of this kind, in scope, is parsed for its links: pages, CSS files, sitemaps. Images, scripts, media, fonts and objects are only checked.</summary>
    public static bool IsParsed(string kind) => kind is Page or Stylesheet or Sitemap;
}
