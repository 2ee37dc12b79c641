using System.Text;

namespace WebFetch.Tests.Support;

/// <summary>Pages built to hurt a parser, and small pages for selections and links; shared by unit and server tests.</summary>
public static class HostilePages
{
    public static string Nested(int depth) =>
        "<!doctype html><title>deep</title><body>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "bottom";

    public static string HugeTitle(int chars) => "<title>" + new string('t', chars) + "</title><p>after</p>";

    public static byte[] WithNulBytes() =>
        [.. "<title>a"u8, 0, .. "b</title><p>"u8, 0, 0, 0, .. "</p><a href=\"/x\0y\">n</a>"u8];

    public static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Links resolved against a &lt;base&gt;: relative, absolute, duplicates, fragments, non-http schemes.</summary>
    public const string LinksPage = """
        <html><head><base href="https://cdn.example.test/docs/"><title>links</title></head><body>
        <a href="intro.html">relative to the base</a>
        <a href="intro.html#part-2">same page, another fragment</a>
        <a href="/about?x=1&amp;y=2#top">root-relative with a query</a>
        <a href="http://other.example.test/">absolute http</a>
        <a href="HTTPS://other.example.test/">same, another case</a>
        <a href="mailto:someone@example.test">mail</a>
        <a href="javascript:void(0)">script</a>
        <a href="ftp://files.example.test/f">ftp</a>
        <a href="#only-a-fragment">fragment of the base</a>
        <a>no href</a>
        </body></html>
        """;

    public const string SelectPage = """
        <html><head><title>select</title></head><body>
        <h2 class="t">  First
            heading </h2>
        <h2 class="t">Second <b>bold</b> heading</h2>
        <h2>not selected</h2>
        <img src="/a.png" alt="A"><img alt="no src"><img src="b.png">
        </body></html>
        """;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
