using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;

namespace WebFetch.Fetching;

/// <summary>
/// Which attributes the lean parse keeps: those the extraction reads, and those the HTML
/// tree-construction rules look at, so that the tree is the one a full parse builds. The
/// tokenizer still reads every attribute; it only skips making strings and DOM attributes
/// of the others (most of a page's attributes: class, id, style, src, data-*).
/// </summary>
/// <remarks>
/// The rules that read attributes while building the tree: formatting elements are compared
/// attribute by attribute ("Noah's Ark" clause of the list of active formatting elements), an
/// <c>input type=hidden</c> in a table is not foster-parented, <c>annotation-xml encoding</c>
/// makes an HTML integration point, and a <c>template</c> may declare a shadow root. The
/// extraction reads <c>html lang</c>, <c>meta</c>, <c>link rel/href</c>, <c>base href</c> and
/// <c>a href</c>. A <c>--select</c> may read any attribute, so the parse it needs keeps them all.
/// </remarks>
internal static class LeanAttributes
{
    public static readonly ShouldEmitAttribute Filter = static (ref StructHtmlToken tag, ReadOnlyMemory<char> _) =>
        KeepsAttributesOf(tag.Name.Memory.Span);

    /// <summary>True for the (lower-case) tag names whose attributes are kept.</summary>
    internal static bool KeepsAttributesOf(ReadOnlySpan<char> tagName) => tagName switch
    {
        // read by the extraction
        "html" or "meta" or "link" or "base" => true,
        // formatting elements, "a" among them
        "a" or "b" or "big" or "code" or "em" or "font" or "i" or "nobr" or "s" or "small" or "strike" or "strong" or "tt" or "u" => true,
        // other tree-construction rules
        "input" or "template" or "annotation-xml" => true,
        _ => false,
    };
}
