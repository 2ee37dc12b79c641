using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>
/// The lean parse drops most attributes; the tree it builds must still be the tree of a full
/// parse. Each page below is one where the HTML tree-construction rules read an attribute.
/// </summary>
public sealed class LeanAttributesTests
{
    /// <summary>Pages whose tree depends on attributes: with every attribute dropped, their tree changes.</summary>
    public static readonly TheoryData<string> AttributeSensitivePages = new()
    {
        // Noah's Ark: at most three identical formatting elements stay active; "identical" includes the attributes
        "<p><b class=x><b class=x><b class=y><b class=x><b class=z><b class=x>text<p>reopened",
        "<p><font size=1><font size=1><font size=2><font size=1><font size=3><font size=1><a href=/x>x</a><p>y",
        // an input of type hidden stays in the table; any other input is foster-parented before it
        "<table><input type=hidden><input type=text><tr><td>cell</table>",
        // annotation-xml with an HTML encoding is an HTML integration point
        "<math><annotation-xml encoding=\"text/html\"><div><a href=/in>html inside math</a></div></annotation-xml></math><p>after",
        // a font with color, face or size breaks out of SVG; a bare font does not
        "<svg><font color=red><a href=/out>out</a></font></svg><svg><font><a href=/in>in</a></font></svg>",
    };

    public static readonly TheoryData<string> OtherPages = new()
    {
        "<template shadowrootmode=open><a href=/shadow>in a shadow root</a></template><a href=/light>light</a>",
        "<html lang=fr><head><base href=/docs/><link rel=canonical href=/c><meta name=description content=d></head>"
            + "<body><div class=a id=b style=c><span data-x=1><a href=rel>link</a></span><img src=i.png alt=i></div></body></html>",
        "<b id=1><p><b id=2>adoption agency<i class=z></b>rest</p>",
    };

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(AttributeSensitivePages))]
    [MemberData(nameof(OtherPages))]
    public async Task TheLeanParseBuildsTheTreeOfAFullParse(string html)
    {
        string full = await TreeAsync(html, emit: null);
        string lean = await TreeAsync(html, LeanAttributes.Filter);

        Assert.Equal(full, lean);
    }

    [Theory(Timeout = 10_000)]
    [MemberData(nameof(AttributeSensitivePages))]
    public async Task DroppingEveryAttributeWouldChangeTheTree(string html)
    {
        // The check above can fail: on these pages a parse without attributes builds another tree.
        string full = await TreeAsync(html, emit: null);
        string none = await TreeAsync(html, static (ref AngleSharp.Html.Parser.Tokens.Struct.StructHtmlToken _, ReadOnlyMemory<char> _) => false);

        Assert.NotEqual(full, none);
    }

    [Fact(Timeout = 10_000)]
    public async Task TheAttributesTheExtractionReadsAreKept()
    {
        var parser = new HtmlParser(new HtmlParserOptions { ShouldEmitAttribute = LeanAttributes.Filter });
        IHtmlDocument document = await parser.ParseDocumentAsync(
            "<html lang=fr><head><base href=/docs/><link rel=canonical href=/c><meta name=description content=d></head>"
            + "<body><div class=a><a href=rel class=k>link</a></div></body></html>");

        Assert.Equal("fr", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("/docs/", document.QuerySelector("base")!.GetAttribute("href"));
        Assert.Equal("canonical", document.QuerySelector("link")!.GetAttribute("rel"));
        Assert.Equal("d", document.QuerySelector("meta")!.GetAttribute("content"));
        Assert.Equal("rel", document.QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(document.QuerySelector("div")!.GetAttribute("class"));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("meta", true)]
    [InlineData("input", true)]
    [InlineData("annotation-xml", true)]
    [InlineData("div", false)]
    [InlineData("img", false)]
    [InlineData("script", false)]
    public void AttributesAreKeptOnlyWhereTheyMatter(string tagName, bool kept) =>
        Assert.Equal(kept, LeanAttributes.KeepsAttributesOf(tagName));

    /// <summary>The tree as text: every node in document order with its depth, template contents and shadow roots included; no attributes.</summary>
    private static async Task<string> TreeAsync(string html, ShouldEmitAttribute? emit)
    {
        var parser = new HtmlParser(new HtmlParserOptions { ShouldEmitAttribute = emit });
        IHtmlDocument document = await parser.ParseDocumentAsync(html);
        var text = new StringBuilder();
        var stack = new Stack<(INode Node, int Depth)>();
        stack.Push((document, 0));
        while (stack.Count > 0)
        {
            (INode node, int depth) = stack.Pop();
            text.Append(' ', depth).Append(node switch
            {
                IElement element => $"<{element.Prefix}:{element.LocalName} ns={element.NamespaceUri}>",
                IText textNode => $"\"{textNode.Data}\"",
                _ => node.NodeName,
            }).Append('\n');
            var children = new List<INode>(node.ChildNodes);
            if (node is IHtmlTemplateElement template)
            {
                children.Insert(0, template.Content);
            }
            if (node is IElement { ShadowRoot: { } shadow })
            {
                children.Insert(0, shadow);
            }
            for (int i = children.Count - 1; i >= 0; i--)
            {
                stack.Push((children[i], depth + 1));
            }
        }
        return text.ToString();
    }
}
