using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace WebFetch.Fetching;

/// <summary>The summary read from the parsed tree: the head's metadata, the links and the selections.</summary>
internal static partial class HtmlExtractor
{
    /// <summary>
    /// The summary of a parsed document: title, description, language and canonical URL from
    /// the head, the links and selections asked for, and the encoding the text was read in.
    /// </summary>
    private static PageSummary Summarize(
        IHtmlDocument document, DocumentScan scan, Uri address, IReadOnlyList<SelectorSpec> selectors, WebEncoding encoding, ReadOnlySpan<char> text,
        bool countLinksOnly, string? ownUrl, LinksLeftOut? leftOut)
    {
        bool truncated = false;
        // Parsing the address with AngleSharp's URL parser costs a fifth of a small page's
        // parse (perf, 100 ms pages at 256 in flight): only when something resolves against it.
        Url? baseUrl = scan.CanonicalHref is not null || scan.Hrefs is not null || scan.Found is not null ? BaseUrl(address, scan.BaseHref) : null;
        PageSummary summary = new PageSummary(
            Title: Cap(NullIfEmpty(document.Title), MaxTextChars),
            Description: Cap(NullIfEmpty(Collapse(FindMetaContent(document.Head, "description"))), MaxTextChars),
            Lang: NullIfEmpty(document.DocumentElement?.GetAttribute("lang")?.Trim()),
            Canonical: scan.CanonicalHref is string canonical ? NullIfEmpty(Resolve(baseUrl!, canonical)) : null,
            Links: scan.Links)
        {
            Select = selectors.Count == 0 ? null : Select(document, selectors),
            LinkUrls = scan.Hrefs is null ? null : LinkUrls(baseUrl!, scan.Hrefs, out truncated),
            LinksTruncated = truncated,
            Charset = encoding.Name,
        };
        return scan.Found is null ? summary : WithFoundLinks(summary, scan.Found.Collected, baseUrl!, text, countLinksOnly, ownUrl, scan.Found.Texts, leftOut);
    }

    /// <summary>The summary with a crawl's links, resolved and placed, and anchors (<see cref="FetchOptions.Crawl"/>).</summary>
    /// <remarks>The collector is released (<see cref="LinkCollector.Release"/>): its links are not read after this.</remarks>
    internal static PageSummary WithFoundLinks(
        PageSummary summary, LinkCollector collected, Url baseUrl, ReadOnlySpan<char> text, bool countLinksOnly = false, string? ownUrl = null, LinkText? texts = null,
        LinksLeftOut? leftOut = null)
    {
        try
        {
            return Placed(summary, collected, baseUrl, text, countLinksOnly, ownUrl, texts, leftOut);
        }
        finally
        {
            collected.Release();
        }
    }

    private static PageSummary Placed(
        PageSummary summary, LinkCollector collected, Url baseUrl, ReadOnlySpan<char> text, bool countLinksOnly, string? ownUrl, LinkText? texts,
        LinksLeftOut? leftOut)
    {
        if (countLinksOnly && FoundLinks.SurelyFit(collected.Links, baseUrl))
        {
            // the first meta refresh all the same: an anchor looked for on this page is looked for where it leads
            List<RawLink> refresh = [.. collected.Links.Where(link => link.Tag == HtmlLinks.MetaRefreshTag).Take(1)];
            return summary with
            {
                FoundLinks = refresh.Count == 0 ? null : FoundLinks.Resolve(refresh, baseUrl, new LineIndex(text), out _),
                LinksCounted = collected.Links.Count,
                LinksSkipped = collected.Skipped,
                LinksTruncated = summary.LinksTruncated || collected.IsFull,
                Anchors = collected.Anchors,
                AnchorsTruncated = collected.AnchorsTruncated,
            };
        }
        bool truncated = false;
        List<Protocol.FoundLink> found = collected.Links.Count == 0
            ? []
            : FoundLinks.Resolve(
                collected.Links, baseUrl, new LineIndex(text), text, texts, ownUrl is null ? null : new OwnAnchors(ownUrl, baseUrl.Href, collected.HasAnchor), leftOut, out truncated);
        return summary with
        {
            FoundLinks = found,
            LinksSkipped = collected.Skipped,
            LinksTruncated = summary.LinksTruncated || collected.IsFull || truncated,
            Anchors = collected.Anchors,
            AnchorsTruncated = collected.AnchorsTruncated,
        };
    }

    private static string? FindMetaContent(IElement? head, string name)
    {
        if (head is null)
        {
            return null;
        }
        foreach (IElement meta in head.GetElementsByTagName("meta"))
        {
            if (string.Equals(meta.GetAttribute("name")?.Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return meta.GetAttribute("content");
            }
        }
        return null;
    }

    private static string? Collapse(string? text)
    {
        if (text is null)
        {
            return null;
        }
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? Cap(string? text, int maxChars) => text is null ? null : Protocol.TextCut.Shorten(text, maxChars);
}
