using System.Text;
using AngleSharp.Dom;

namespace WebFetch.Fetching;

/// <summary>
/// The links of a CSS file (Content-Type text/css) for a crawl: decoded as CSS Syntax Level 3
/// decides (a byte order mark, the Content-Type charset, an <c>@charset "..."</c> rule at the
/// very start, else UTF-8), scanned by <see cref="CssLinks"/>, each link at the line and column
/// of its <c>url(</c> or <c>@import</c>, resolved against the file's own URL.
/// </summary>
internal static class CssFile
{
    public static PageSummary Extract(ReadOnlySpan<byte> body, string? contentType, Uri address, bool countLinksOnly = false)
    {
        CodePages.Register();
        (WebEncoding? certain, int byteOrderMark) = HtmlExtractor.EncodingOf(body, contentType);
        WebEncoding encoding = certain ?? CharsetRule(body) ?? Charsets.Utf8;
        using var text = new PageTextBuffer(body.Length - byteOrderMark);
        text.Decode(body[byteOrderMark..], encoding);
        var links = new LinkCollector();
        CssLinks.Scan(text.Text, "css", offset: null, links, new StringBuilder());
        var summary = new PageSummary(null, null, null, null, 0) { Charset = encoding.Name };
        return HtmlExtractor.WithFoundLinks(summary, links, new Url(address.AbsoluteUri), text.Text, countLinksOnly);
    }

    /// <summary>
    /// The encoding an <c>@charset "name";</c> at the very start names, byte for byte as the
    /// standard reads it (UTF-16 names mean UTF-8: the bytes were read as ASCII); null when none.
    /// </summary>
    internal static WebEncoding? CharsetRule(ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> prefix = "@charset \""u8;
        if (!body.StartsWith(prefix))
        {
            return null;
        }
        ReadOnlySpan<byte> rest = body[prefix.Length..Math.Min(body.Length, 1024)];
        int end = rest.IndexOf("\";"u8);
        if (end < 0 || rest[..end].ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
        {
            return null;
        }
        WebEncoding? named = Charsets.Resolve(Encoding.ASCII.GetString(rest[..end]));
        return named is not null && named.Name.StartsWith("UTF-16", StringComparison.Ordinal) ? Charsets.Utf8 : named;
    }
}
