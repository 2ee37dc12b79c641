using AngleSharp.Dom;
using AngleSharp.Html.Construction;
using AngleSharp.Html.Parser;
using AngleSharp.Text;

namespace WebFetch.Fetching;

/// <summary>
/// Where elements start in the page's text, for the crawl's parse: the parser hands every new
/// element and the position of its start tag to <see cref="Record"/>, which keeps the offset
/// (a small object on the element) only for the elements that may hold a link: those of
/// <see cref="LeanAttributes.HoldsLinks"/>, and any whose start tag has a <c>style</c>
/// attribute (the attribute filter notes those, <see cref="NoteStyled"/>, just before the
/// element is made). Line and column come later from the offset (<see cref="LineIndex"/>):
/// the parser's own line and column count in 16 bits and wrap on large pages, and counting
/// them costs every character of every page.
/// </summary>
/// <remarks>
/// The filter and the tree builder run on the thread of the parse, one token after the
/// other, so the note travels in a thread-static field.
/// </remarks>
internal static class SourceOffsets
{
    [ThreadStatic]
    private static int t_styledTag; // the offset + 1 of the last start tag seen with a style attribute

    public static readonly Action<IElement, TextPosition> Record = static (element, position) =>
    {
        if (position.Position + 1 == t_styledTag || LeanAttributes.HoldsLinks(element.LocalName))
        {
            ((IConstructableElement)element).SourceReference = new Offset(position);
        }
    };

    /// <summary>The offset in the text of the element's start tag's <c>&lt;</c>, or -1 when not recorded.</summary>
    /// <remarks>The parser's position of a tag is the index just after its <c>&lt;</c>.</remarks>
    public static int Of(IElement element) => element.SourceReference is Offset offset ? offset.Position.Position - 1 : -1;

    /// <summary>Called by the attribute filter for each attribute of a tag: notes the tags with a <c>style</c> attribute.</summary>
    public static void NoteStyled(ref AngleSharp.Html.Parser.Tokens.Struct.StructHtmlToken tag, ReadOnlySpan<char> attributeName)
    {
        if (attributeName is "style")
        {
            t_styledTag = tag.Position.Position + 1;
        }
    }

    private sealed class Offset(TextPosition position) : ISourceReference
    {
        public TextPosition Position { get; } = position;
    }
}
