using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Io;

namespace WebFetch.Fetching;

/// <summary>
/// Parses HTML with AngleSharp (no scripting, no resource loading) and extracts the
/// summary fields. The parser is given the body bytes and the Content-Type header, so the
/// charset follows the HTML standard's order (BOM, header, meta prescan), and the document
/// address, so relative URLs resolve against it and any <c>&lt;base href&gt;</c>.
/// </summary>
internal static class HtmlExtractor
{
    /// <summary>Longest title or description kept, in characters; longer text is cut and ends with "…".</summary>
    public const int MaxTextChars = 1024;

    private static readonly IConfiguration Configuration = AngleSharp.Configuration.Default;

    public static async Task<PageSummary> ExtractAsync(Stream body, string? contentType, Uri address, CancellationToken cancellationToken)
    {
        // The document lives as long as its browsing context: extract before either is disposed.
        using IBrowsingContext context = BrowsingContext.New(Configuration);
        using IDocument document = await ParseAsync(context, body, contentType, address, cancellationToken).ConfigureAwait(false);
        return Extract(document);
    }

    public static async Task<IDocument> ParseAsync(
        IBrowsingContext context, Stream body, string? contentType, Uri address, CancellationToken cancellationToken)
    {
        return await context.OpenAsync(
            response =>
            {
                response.Content(body).Address(address);
                if (contentType is not null)
                {
                    response.Header(HeaderNames.ContentType, contentType);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public static PageSummary Extract(IDocument document)
    {
        IElement? head = document.Head;
        return new PageSummary(
            Title: Cap(NullIfEmpty(document.Title)),
            Description: Cap(NullIfEmpty(Collapse(FindMetaContent(head, "description")))),
            Lang: NullIfEmpty(document.DocumentElement?.GetAttribute("lang")?.Trim()),
            Canonical: FindCanonical(document),
            Links: document.QuerySelectorAll("a[href]").Length);
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

    private static string? FindCanonical(IDocument document)
    {
        foreach (IHtmlLinkElement link in document.QuerySelectorAll<IHtmlLinkElement>("link[rel][href]"))
        {
            if (link.RelationList.Any(r => r.Equals("canonical", StringComparison.OrdinalIgnoreCase)))
            {
                string? href = link.Href;
                return string.IsNullOrEmpty(href) ? null : href;
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

    private static string? Cap(string? text) => text is null ? null : Protocol.TextCut.Shorten(text, MaxTextChars);
}
