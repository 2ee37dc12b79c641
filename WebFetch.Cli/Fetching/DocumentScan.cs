using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace WebFetch.Fetching;

/// <summary>
/// What one walk over a parsed document finds for the summary, in document order and as
/// written (unresolved): the number of <c>a[href]</c> elements and, when asked, their hrefs;
/// the href of the first <c>link</c> whose rel names "canonical"; the first
/// <c>base</c> element's href; when asked, the encoding the first <c>meta</c> that declares a
/// supported one names (what the HTML standard's tree builder acts on while the encoding is
/// tentative). One walk over the child lists replaces one selector query per
/// field and the base-URL lookup AngleSharp repeats for every resolved href.
/// </summary>
/// <remarks>
/// The walk keeps its own stack (deeply nested pages cannot overflow it) and indexes child
/// lists instead of following sibling links, which AngleSharp answers by searching the parent.
/// Template contents are not children, so they are not walked, as a selector query would not.
/// </remarks>
internal sealed class DocumentScan
{
    private readonly bool _findEncoding;

    private DocumentScan(bool collectHrefs, bool findEncoding, bool crawl, bool linkText)
    {
        Hrefs = collectHrefs ? [] : null;
        _findEncoding = findEncoding;
        Found = crawl ? new HtmlLinks(linkText) : null;
    }

    /// <summary>The number of <c>a</c> elements with an href attribute.</summary>
    public int Links { get; private set; }

    /// <summary>The href of every counted <c>a</c>, when collected.</summary>
    public List<string>? Hrefs { get; }

    /// <summary>The href of the first <c>link</c> element with rel canonical, or null.</summary>
    public string? CanonicalHref { get; private set; }

    /// <summary>The href of the first <c>base</c> element that has one, or null.</summary>
    public string? BaseHref { get; private set; }

    /// <summary>
    /// When asked for: the encoding of the first <c>meta</c> whose <c>charset</c>, or whose
    /// <c>http-equiv=content-type</c> <c>content</c>, names an encoding webfetch decodes (as
    /// <see cref="Charsets.ForMeta"/> maps it); null when none does.
    /// </summary>
    public WebEncoding? DeclaredEncoding { get; private set; }

    /// <summary>For a crawl (<see cref="FetchOptions.Crawl"/>): every link of every kind and every anchor, as written.</summary>
    public HtmlLinks? Found { get; }

    public static DocumentScan Walk(IDocument document, bool collectHrefs, bool findEncoding = false, bool crawl = false) =>
        Walk(document, [], collectHrefs, findEncoding, crawl);

    /// <summary>As above; <paramref name="text"/> is the text the document was parsed from, where a crawl reads a link's text (<see cref="LinkText"/>).</summary>
    /// <param name="linkText">False when a crawl's links are only counted: their texts are not read.</param>
    public static DocumentScan Walk(IDocument document, ReadOnlySpan<char> text, bool collectHrefs, bool findEncoding = false, bool crawl = false, bool linkText = true)
    {
        var scan = new DocumentScan(collectHrefs, findEncoding, crawl, linkText);
        HtmlLinks? found = scan.Found;
        var pending = new Stack<(INodeList Nodes, int Next)>();
        INodeList nodes = document.ChildNodes;
        int next = 0;
        while (true)
        {
            if (next < nodes.Length)
            {
                if (nodes[next++] is IElement element)
                {
                    scan.Visit(element);
                    found?.Visit(element, text);
                    if (element.ChildNodes.Length > 0)
                    {
                        pending.Push((nodes, next));
                        (nodes, next) = (element.ChildNodes, 0);
                    }
                }
            }
            else if (pending.Count > 0)
            {
                (nodes, next) = pending.Pop();
            }
            else
            {
                return scan;
            }
        }
    }

    private void Visit(IElement element)
    {
        switch (element.LocalName)
        {
            case "a":
                if (element.GetAttribute("href") is string href)
                {
                    Links++;
                    Hrefs?.Add(href);
                }
                break;
            case "link" when CanonicalHref is null && element is IHtmlLinkElement link && link.HasAttribute("rel"):
                if (link.GetAttribute("href") is string canonical
                    && link.RelationList.Any(r => r.Equals("canonical", StringComparison.OrdinalIgnoreCase)))
                {
                    CanonicalHref = canonical;
                }
                break;
            case "base" when BaseHref is null && element is IHtmlBaseElement:
                BaseHref = element.GetAttribute("href");
                break;
            case "meta" when _findEncoding && DeclaredEncoding is null && element is IHtmlMetaElement:
                DeclaredEncoding = EncodingOfMeta(element);
                break;
        }
    }

    /// <summary>
    /// The HTML standard's rule for a meta in the tree builder: a charset attribute that names
    /// an encoding; otherwise an http-equiv Content-Type whose content names one.
    /// </summary>
    private static WebEncoding? EncodingOfMeta(IElement meta)
    {
        if (meta.GetAttribute("charset") is string charset && Charsets.ForMeta(charset) is { } declared)
        {
            return declared;
        }
        if (meta.GetAttribute("http-equiv") is string httpEquiv
            && httpEquiv.Equals("content-type", StringComparison.OrdinalIgnoreCase)
            && meta.GetAttribute("content") is string content
            && MetaPrescan.CharsetInContent(AsciiLower(content)) is string label)
        {
            return Charsets.ForMeta(label);
        }
        return null;
    }

    private static string AsciiLower(string text) =>
        string.Create(text.Length, text, static (chars, source) =>
        {
            for (int i = 0; i < chars.Length; i++)
            {
                char c = source[i];
                chars[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
}
