using AngleSharp.Dom;

namespace WebFetch.Fetching;

/// <summary>The links of <c>link</c> elements, whose kind their <c>rel</c> (and <c>as</c>) says.</summary>
internal sealed partial class HtmlLinks
{
    private void AddLink(IElement element, int offset)
    {
        if (element.GetAttribute("href") is not string href || string.IsNullOrWhiteSpace(href))
        {
            return;
        }
        string? kind = KindOfLink(element.GetAttribute("rel") ?? "", element.GetAttribute("as"));
        if (kind is null)
        {
            Collected.Skipped++;
            return;
        }
        Collected.Add(new RawLink(href, kind, "link@href", offset, _text?.Collapse(element.GetAttribute("title"))));
    }

    /// <summary>
    /// The kind of resource a link's rel names: stylesheet; image for the icons; script for
    /// modulepreload; for preload and prefetch, what <c>as</c> says; page for every other rel
    /// (alternate, next, canonical, ...) and none. Null for hints that name an origin, not a
    /// resource (dns-prefetch, preconnect): there is nothing at their URL to check.
    /// </summary>
    internal static string? KindOfLink(string rel, string? destination)
    {
        bool hint = false;
        string? kind = null;
        foreach (Range range in rel.AsSpan().SplitAny(" \t\n\f\r"))
        {
            string token = rel[range].ToLowerInvariant();
            string? tokenKind = token switch
            {
                "" => null,
                "stylesheet" => LinkKind.Stylesheet,
                "icon" or "apple-touch-icon" or "apple-touch-icon-precomposed" or "mask-icon" => LinkKind.Image,
                "modulepreload" => LinkKind.Script,
                "preload" or "prefetch" => KindOfDestination(destination),
                "dns-prefetch" or "preconnect" => null,
                _ => LinkKind.Page,
            };
            hint |= token is "dns-prefetch" or "preconnect";
            if (tokenKind is not null && (kind is null || kind == LinkKind.Page))
            {
                kind = tokenKind;
            }
        }
        return kind ?? (hint ? null : LinkKind.Page);
    }

    /// <summary>The kind a preload's <c>as</c> names.</summary>
    private static string KindOfDestination(string? destination) => destination?.Trim().ToLowerInvariant() switch
    {
        "script" or "worker" or "sharedworker" or "serviceworker" => LinkKind.Script,
        "style" => LinkKind.Stylesheet,
        "image" => LinkKind.Image,
        "font" => LinkKind.Font,
        "audio" or "video" or "track" => LinkKind.Media,
        "embed" or "object" => LinkKind.Object,
        _ => LinkKind.Page,
    };
}
