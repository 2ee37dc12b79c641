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

    /// <summary>
    /// The crawl's filter (<see cref="FetchOptions.Crawl"/>): the lean parse's attributes, every
    /// attribute of the elements that hold links (<see cref="HoldsLinks"/>), and <c>id</c> and
    /// <c>style</c> everywhere (anchors, and <c>url()</c> in style attributes).
    /// </summary>
    public static readonly ShouldEmitAttribute CrawlFilter = static (ref StructHtmlToken tag, ReadOnlyMemory<char> name) =>
    {
        ReadOnlySpan<char> attribute = name.Span;
        SourceOffsets.NoteStyled(ref tag, attribute);
        ReadOnlySpan<char> tagName = tag.Name.Memory.Span;
        return KeepsAttributesOf(tagName) || HoldsLinks(tagName) || attribute is "id" or "style";
    };

    /// <summary>The crawl's filter when a <c>--select</c> may read any attribute: keeps them all, and notes the styled tags.</summary>
    public static readonly ShouldEmitAttribute CrawlAllFilter = static (ref StructHtmlToken tag, ReadOnlyMemory<char> name) =>
    {
        SourceOffsets.NoteStyled(ref tag, name.Span);
        return true;
    };

    /// <summary>True for the (lower-case) tag names of the HTML elements that may hold a link or, for style, CSS with links.</summary>
    internal static bool HoldsLinks(ReadOnlySpan<char> tagName) => tagName switch
    {
        "a" or "area" or "link" or "img" or "source" or "video" or "audio" or "track" or "iframe" or "frame" or "embed"
            or "object" or "script" or "input" or "meta" or "style" or "base" => true,
        _ => false,
    };

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
