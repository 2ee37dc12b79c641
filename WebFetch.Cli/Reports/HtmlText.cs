using System.Buffers;

namespace WebFetch.Reports;

/// <summary>
/// Hostile text written into HTML safely: every string of a report came from the network (a
/// URL, a link's text), so it is escaped for both text and double- or single-quoted attribute
/// values, and a link gets an <c>href</c> only when it is an http(s) URL (never
/// <c>javascript:</c>, <c>data:</c> or anything a browser would run).
/// </summary>
internal static class HtmlText
{
    /// <summary>The characters replaced: the five with a meaning in HTML, and the controls that have no place in a page (C0 but tab and line feed, DEL, C1).</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "&<>\"'\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000c\u000d\u000e\u000f"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f"
        + "\u007f\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f"
        + "\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f");

    /// <summary>Writes the text escaped, in runs between the characters that need it, with no copy of the whole.</summary>
    public static void Write(TextWriter output, string text)
    {
        ReadOnlySpan<char> rest = text;
        int next;
        while ((next = rest.IndexOfAny(Special)) >= 0)
        {
            output.Write(rest[..next]);
            output.Write(rest[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => "\ufffd",
            });
            rest = rest[(next + 1)..];
        }

        output.Write(rest);
    }

    /// <summary>
    /// True for a URL a report may link to: one that starts with <c>http://</c> or <c>https://</c>.
    /// The scheme is what makes a link safe, and a browser reads these first characters as it
    /// reads them here (it strips only leading spaces and controls, which fail this test); a
    /// URL invalid past them is a link that goes nowhere, not a danger.
    /// </summary>
    public static bool IsLinkable(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The URL as a link showing <paramref name="shown"/> (the URL itself when null), or as
    /// plain text in a <c>span</c> when it is not a URL a report may link to.
    /// </summary>
    public static void Link(TextWriter output, string url, string cssClass, string? shown = null)
    {
        bool linkable = IsLinkable(url);
        output.Write(linkable ? "<a class=\"" : "<span class=\"");
        output.Write(cssClass);
        if (linkable)
        {
            output.Write("\" rel=\"noreferrer\" href=\"");
            Write(output, url);
        }

        if (shown is not null && shown != url)
        {
            output.Write("\" title=\"");
            Write(output, url);
        }

        output.Write("\">");
        Write(output, shown ?? url);
        output.Write(linkable ? "</a>" : "</span>");
    }
}
