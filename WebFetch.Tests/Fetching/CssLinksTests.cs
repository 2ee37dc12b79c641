using System.Text;
using WebFetch.Fetching;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The CSS scanner and the links it finds: url() of every spelling, @import, @font-face, and what is not a URL.</summary>
public sealed class CssLinksTests
{
    private static readonly Uri Address = new("https://example.test/css/site.css");

    [Theory]
    [InlineData("a { background: url(a.png) }", "a.png")]
    [InlineData("a { background: url( \"b.png\" ) }", "b.png")]
    [InlineData("a { background: url('c.png') }", "c.png")]
    [InlineData("a { background: URL(  d.png  ) }", "d.png")]
    [InlineData("a { background: u\\72l(e.png) }", "e.png")]
    [InlineData("a { background: \\75 rl(f.png) }", "f.png")]
    [InlineData("a { background: url(g\\ h\\29.png) }", "g h).png")]
    [InlineData("a { background: url(\"q\\\"uote\\\n d.png\") }", "q\"uote d.png")]
    [InlineData("a { background: url(\"\\1F600.png\") }", "\U0001F600.png")]
    [InlineData("a { background: url(unclosed.png", "unclosed.png")]
    [InlineData("a { content: \"bad\n; } b { background: url(after-bad-string.png) }", "after-bad-string.png")]
    [InlineData("a { background: image-set(\"s1.png\" 1x, url(s2.png) 2x) }", "s1.png s2.png")]
    public void EverySpellingOfAUrlIsFound(string css, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Scan(css).Select(l => l.Value)));
    }

    [Theory]
    [InlineData("/* url(comment.png) */ a {}")]
    [InlineData("a { content: \"url(in-a-string.png)\" }")]
    [InlineData("a { background: myurl(x.png) }")]
    [InlineData("#url(x.png) {}")]
    [InlineData("a { width: 1url(x.png) }")]
    [InlineData("a { background: url(two words.png) }")]
    [InlineData("a { background: url(quo\"te.png) }")]
    [InlineData("a { background: url(paren(.png) }")]
    [InlineData("a { background: url(\"\") ; b: format(\"woff\") }")]
    public void WhatIsNotAUrlIsNotFound(string css)
    {
        Assert.DoesNotContain(Scan(css), l => l.Value.Length > 0);
    }

    [Fact]
    public void ImportsAreStylesheetsFontFaceUrlsAreFontsAndTheRestImages()
    {
        const string Css = """
            @charset "utf-8";
            @import "one.css";
            @import url(two.css) screen;
            @IMPORT url( 'three.css' );
            @font-face { font-family: X; src: url(x.woff2) format("woff2"), url("x.woff") format("woff"); }
            @media print { .logo { background: url(logo.png) } }
            .after { background: url(after.png) }
            """;

        Assert.Equal(
            ["one.css stylesheet", "two.css stylesheet", "three.css stylesheet", "x.woff2 font", "x.woff font", "logo.png image", "after.png image"],
            Scan(Css).Select(l => $"{l.Value} {l.Kind}"));
    }

    [Fact]
    public void ACssFileGivesEachLinkTheLineAndColumnOfItsUrlOrImport()
    {
        byte[] body = Encoding.UTF8.GetBytes("@import 'base.css';\r\n\r\n.a {\n  background: url(../img/a.png);\r  mask: url(\"#m\");\n}\n.b { background: url(data:image/gif;base64,R0lGOD) }");

        PageSummary page = CssFile.Extract(body, "text/css", Address);

        Assert.Equal(
            ["https://example.test/css/base.css stylesheet css 1:1", "https://example.test/img/a.png image css 4:15", "https://example.test/css/site.css#m image css 5:9"],
            page.FoundLinks!.Select(l => $"{l.Url} {l.Kind} {l.Tag} {l.Line}:{l.Col}"));
        Assert.Equal(1, page.LinksSkipped);
        Assert.Empty(page.Anchors!);
    }

    [Fact]
    public void ACssFileIsDecodedAsItsCharsetRuleSays()
    {
        byte[] body = [.. "@charset \"iso-8859-1\";\na { background: url(caf"u8, 0xE9, .. ".png) }"u8];

        PageSummary page = CssFile.Extract(body, "text/css", Address);

        Assert.Equal("windows-1252", page.Charset);
        Assert.Equal("https://example.test/css/caf%C3%A9.png", Assert.Single(page.FoundLinks!).Url);
    }

    [Fact(Timeout = 30_000)]
    public async Task ScanningHostileCssEndsAndStaysLinear()
    {
        string many = string.Concat(Enumerable.Repeat("a{b:url(x.png)}", 50_000));
        string unclosed = string.Concat(Enumerable.Repeat("url(", 50_000)) + string.Concat(Enumerable.Repeat("/*", 50_000)) + new string('\\', 50_000) + "\"";

        List<RawLink>[] found = await Task.WhenAll(Task.Run(() => Scan(many)), Task.Run(() => Scan(unclosed)));

        Assert.Equal(50_000, found[0].Count);
        Assert.Empty(found[1]); // the first url( is a bad URL that runs to the end, as a browser reads it
    }

    private static List<RawLink> Scan(string css)
    {
        var links = new LinkCollector();
        CssLinks.Scan(css, "css", offset: null, links, new StringBuilder());
        return links.Links;
    }
}
