namespace WebFetch.Fetching;

/// <summary>
/// Where the URLs stand in one kind of XML sitemap that sitemaps.org accepts: under the root,
/// each in an item element at <see cref="ItemDepth"/>, as the text of its
/// <see cref="UrlName"/> child or, in Atom, as that child's <c>href</c>.
/// </summary>
internal sealed record SitemapShape(bool IsIndex, int ItemDepth, string ItemName, string UrlName, bool UrlInHref)
{
    /// <summary>The Atom 1.0 namespace.</summary>
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";

    /// <summary>The shape of the document whose root element is <paramref name="localName"/> in <paramref name="namespaceUri"/>; null when it is no sitemap.</summary>
    public static SitemapShape? Of(string localName, string namespaceUri) => localName switch
    {
        "urlset" => new(IsIndex: false, ItemDepth: 1, "url", "loc", UrlInHref: false),
        "sitemapindex" => new(IsIndex: true, ItemDepth: 1, "sitemap", "loc", UrlInHref: false),
        "rss" when namespaceUri.Length == 0 => new(IsIndex: false, ItemDepth: 2, "item", "link", UrlInHref: false), // rss/channel/item/link
        "feed" when namespaceUri == AtomNamespace => new(IsIndex: false, ItemDepth: 1, "entry", "link", UrlInHref: true),
        _ => null,
    };
}
