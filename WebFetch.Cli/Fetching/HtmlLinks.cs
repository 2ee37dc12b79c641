using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace WebFetch.Fetching;

/// <summary>
/// The crawl's part of the walk over a parsed page (<see cref="DocumentScan"/>): every link
/// of every kind an element holds, with its kind, tag, offset and text (an a's is read later,
/// for the links sent: <see cref="RawLink.TextOf"/>), and every id and a[name] value, into a
/// <see cref="LinkCollector"/>. The table of elements and kinds is
/// <see cref="LinkKind"/>'s; CSS in style elements and attributes is read by
/// <see cref="CssLinks"/>.
/// </summary>
/// <param name="linkText">
/// False when the links are only counted (<see cref="FetchOptions.CountLinksOnly"/>): their
/// texts are then not read (null), which spares reading the page a second time.
/// </param>
internal sealed partial class HtmlLinks(bool linkText = true)
{
    /// <summary>The tag of a meta refresh's link.</summary>
    public const string MetaRefreshTag = "meta@refresh";

    private readonly StringBuilder _cssBuffer = new();
    private readonly LinkText? _text = linkText ? new() : null;

    public LinkCollector Collected { get; } = new();

    /// <summary>What reads an a's text from the page when its link is placed (<see cref="RawLink.TextOf"/>); null when texts are not read.</summary>
    public LinkText? Texts => _text;

    /// <summary>Collects what <paramref name="element"/> holds; <paramref name="page"/> is the text it was parsed from.</summary>
    public void Visit(IElement element, ReadOnlySpan<char> page)
    {
        // Most of a page's elements have no attribute (a style element's links are in its text), and
        // those that have are read once for both id and style, as GetAttribute reads them: by qualified name.
        INamedNodeMap attributes = element.Attributes;
        string? id = null, style = null;
        for (int i = 0; i < attributes.Length; i++)
        {
            IAttr attribute = attributes[i]!; // an index below Length
            switch (attribute.Name)
            {
                case "id":
                    id ??= attribute.Value;
                    break;
                case "style":
                    style ??= attribute.Value;
                    break;
            }
        }
        if (id is not null)
        {
            Collected.AddAnchor(id);
        }
        if ((attributes.Length > 0 || element.LocalName == "style") && element is IHtmlElement && LeanAttributes.HoldsLinks(element.LocalName))
        {
            VisitHtml(element, SourceOffsets.Of(element), page);
        }
        if (style is not null && !Collected.IsFull)
        {
            CssLinks.Scan(style, "style@url", SourceOffsets.Of(element), Collected, _cssBuffer);
        }
    }

    /// <remarks>An a's or area's href is kept when empty too: a link to the page itself.</remarks>
    private void VisitHtml(IElement element, int offset, ReadOnlySpan<char> page)
    {
        switch (element.LocalName)
        {
            case "a":
                if (element.GetAttribute("name") is string name)
                {
                    Collected.AddAnchor(name);
                }
                if (element.GetAttribute("href") is string href)
                {
                    Collected.Add(new RawLink(href, LinkKind.Page, "a@href", offset, null, _text is null ? null : element));
                }
                break;
            case "area":
                if (element.GetAttribute("href") is string areaHref)
                {
                    Collected.Add(new RawLink(areaHref, LinkKind.Page, "area@href", offset, _text?.Collapse(element.GetAttribute("alt"))));
                }
                break;
            case "link":
                AddLink(element, offset);
                break;
            case "img":
                AddImage(element, "img", offset);
                break;
            case "source":
                // in a picture, an image; in a video or audio (or astray), media
                Add(element, "src", element.ParentElement?.LocalName is "picture" ? LinkKind.Image : LinkKind.Media, "source@src", offset);
                AddSrcset(element, "source@srcset", offset, null);
                break;
            case "video":
                Add(element, "src", LinkKind.Media, "video@src", offset);
                Add(element, "poster", LinkKind.Image, "video@poster", offset);
                break;
            case "audio" or "track":
                Add(element, "src", LinkKind.Media, element.LocalName + "@src", offset);
                break;
            case "iframe" or "frame":
                Add(element, "src", LinkKind.Page, element.LocalName + "@src", offset);
                break;
            case "embed":
                Add(element, "src", LinkKind.Object, "embed@src", offset);
                break;
            case "object":
                Add(element, "data", LinkKind.Object, "object@data", offset);
                break;
            case "script":
                Add(element, "src", LinkKind.Script, "script@src", offset);
                break;
            case "input" when string.Equals(element.GetAttribute("type")?.Trim(), "image", StringComparison.OrdinalIgnoreCase):
                Add(element, "src", LinkKind.Image, "input@src", offset, _text?.Collapse(element.GetAttribute("alt")));
                break;
            case "meta" when string.Equals(element.GetAttribute("http-equiv")?.Trim(), "refresh", StringComparison.OrdinalIgnoreCase):
                AddRefresh(element, offset);
                break;
            case "style":
                CssLinks.Scan(element.TextContent, "style", offset, Collected, _cssBuffer);
                break;
        }
    }

    /// <summary>A URL attribute of a resource: one that is empty or only spaces loads nothing, and is no link.</summary>
    private void Add(IElement element, string attribute, string kind, string tag, int offset, string? text = null)
    {
        if (element.GetAttribute(attribute) is string value && !string.IsNullOrWhiteSpace(value))
        {
            Collected.Add(new RawLink(value, kind, tag, offset, text));
        }
    }

    private void AddRefresh(IElement element, int offset)
    {
        if (element.GetAttribute("content") is string content && MetaRefresh.UrlOf(content) is { Length: > 0 } target)
        {
            Collected.Add(new RawLink(target, LinkKind.Page, MetaRefreshTag, offset, null));
        }
    }

    private void AddImage(IElement element, string name, int offset)
    {
        string? alt = _text?.Collapse(element.GetAttribute("alt"));
        Add(element, "src", LinkKind.Image, name + "@src", offset, alt);
        AddSrcset(element, name + "@srcset", offset, alt);
    }

    private void AddSrcset(IElement element, string tag, int offset, string? text)
    {
        if (element.GetAttribute("srcset") is string srcset)
        {
            Srcset.ForEachUrl(srcset, (Links: Collected, Tag: tag, Offset: offset, Text: text),
                static (state, url) => state.Links.Add(new RawLink(url, LinkKind.Image, state.Tag, state.Offset, state.Text)));
        }
    }
}
