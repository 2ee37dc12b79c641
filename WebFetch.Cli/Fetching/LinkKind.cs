namespace WebFetch.Fetching;

/// <summary>
/// The kinds of resource a found link points to (<see cref="Protocol.FoundLink.Kind"/>): what a
/// crawl checks it as, and how its report names it.
/// </summary>
internal static class LinkKind
{
    /// <summary>A document a reader opens: a, area, iframe, frame, meta refresh, and link rels not below.</summary>
    public const string Page = "page";

    /// <summary>link rel=stylesheet, CSS @import.</summary>
    public const string Stylesheet = "stylesheet";

    /// <summary>img src and srcset, picture source srcset, input type=image, video poster, link rel icon, CSS url() outside @font-face.</summary>
    public const string Image = "image";

    /// <summary>script src, link rel=modulepreload and preload as=script.</summary>
    public const string Script = "script";

    /// <summary>video and audio src, source src inside them, track src.</summary>
    public const string Media = "media";

    /// <summary>embed src, object data.</summary>
    public const string Object = "object";

    /// <summary>CSS url() inside @font-face.</summary>
    public const string Font = "font";

    /// <summary>A sitemap index's loc.</summary>
    public const string Sitemap = "sitemap";
}
