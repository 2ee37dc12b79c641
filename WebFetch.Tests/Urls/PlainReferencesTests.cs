using WebFetch.Urls;
using Xunit;
using AngleSharpUrl = AngleSharp.Dom.Url;

namespace WebFetch.Tests.Urls;

/// <summary>Plain relative references resolved without the parser, and the parser's answer for each.</summary>
public sealed class PlainReferencesTests
{
    private const string Page = "http://127.0.0.1:8080/doc/std/index.html";

    [Theory]
    [InlineData("vec/struct.Vec.html", "http://127.0.0.1:8080/doc/std/vec/struct.Vec.html")]
    [InlineData("../core/index.html", "http://127.0.0.1:8080/doc/core/index.html")]
    [InlineData("../../../../../x", "http://127.0.0.1:8080/x")]
    [InlineData("#method.push", "http://127.0.0.1:8080/doc/std/index.html#method.push")]
    [InlineData("?search=vec", "http://127.0.0.1:8080/doc/std/index.html?search=vec")]
    [InlineData("", "http://127.0.0.1:8080/doc/std/index.html")]
    [InlineData(".", "http://127.0.0.1:8080/doc/std/")]
    [InlineData("..", "http://127.0.0.1:8080/doc/")]
    [InlineData("x/..", "http://127.0.0.1:8080/doc/std/")]
    [InlineData("x/.", "http://127.0.0.1:8080/doc/std/x/")]
    [InlineData("./a/./b/../c", "http://127.0.0.1:8080/doc/std/a/c")]
    [InlineData("a//b", "http://127.0.0.1:8080/doc/std/a//b")]
    [InlineData("/", "http://127.0.0.1:8080/")]
    [InlineData("/a/b/../", "http://127.0.0.1:8080/a/")]
    [InlineData("/..", "http://127.0.0.1:8080/")]
    [InlineData("a?x=1/2?3%zz#f:g/h?i", "http://127.0.0.1:8080/doc/std/a?x=1/2?3%zz#f:g/h?i")]
    [InlineData("./a:b@c;d=e", "http://127.0.0.1:8080/doc/std/a:b@c;d=e")]
    public void APlainReferenceResolvesAsTheStandardSays(string reference, string expected)
    {
        PlainReferences plain = PlainReferences.For(Page)!;

        Assert.Equal(expected, plain.Resolve(reference));
        Assert.Equal(expected, Parsed(Page, reference));
    }

    [Theory]
    [InlineData("http://example.com/")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("a:b")]
    [InlineData("//example.com/x")]
    [InlineData(" a")]
    [InlineData("a b")]
    [InlineData("a\tb")]
    [InlineData("a\\b")]
    [InlineData("a%2e/b")]
    [InlineData("%2e%2e/b")]
    [InlineData("caf\u00e9.html")]
    [InlineData("a\"b")]
    [InlineData("a<b>")]
    [InlineData("a`b")]
    [InlineData("a{b}")]
    [InlineData("a'b")]
    [InlineData("a?b'c")]
    [InlineData("a#b#c")]
    [InlineData("#b#c")]
    [InlineData("a#b c")]
    public void AnythingElseIsLeftToTheParser(string reference)
    {
        Assert.Null(PlainReferences.For(Page)!.Resolve(reference));
    }

    [Theory]
    [InlineData("http://h/a/b?q=1#top", "#x", "http://h/a/b?q=1#x")]
    [InlineData("http://h/a/b?q=1#top", "", "http://h/a/b?q=1")]
    [InlineData("http://h/a/b?q=1#top", "?r", "http://h/a/b?r")]
    [InlineData("http://h/a/b?q=1#top", "c", "http://h/a/c")]
    [InlineData("https://h:8443/", "a/../b", "https://h:8443/b")]
    [InlineData("http://h/", "..", "http://h/")]
    [InlineData("http://[::1]:8080/a/", "b", "http://[::1]:8080/a/b")]
    public void TheBasesQueryAndFragmentAndAuthorityAreTheStandards(string baseHref, string reference, string expected)
    {
        Assert.Equal(expected, PlainReferences.For(baseHref)!.Resolve(reference));
        Assert.Equal(expected, Parsed(baseHref, reference));
    }

    [Theory]
    [InlineData("ftp://h/a")]
    [InlineData("file:///a/b")]
    [InlineData("about:blank")]
    [InlineData("data:text/html,x")]
    [InlineData("http://user:pw@h/a")]
    [InlineData("https://user@h/a")]
    public void OnlyAnHttpBaseWithoutUserinfoHasPlainReferences(string baseHref)
    {
        Assert.Null(PlainReferences.For(baseHref));
    }

    /// <summary>
    /// References made of the pieces where resolving goes wrong (dots, slashes, colons,
    /// percent signs, a query and a fragment) against bases of every shape: every one called
    /// plain resolves as the project's parser and AngleSharp's both resolve it, and the common
    /// shapes are called plain.
    /// </summary>
    [Fact]
    public void PlainResultsAgreeWithBothParsersOverGeneratedReferences()
    {
        string[] pieces = ["a", "b.html", ".", "..", "/", "//", "?", "#", "%", "%2e", "%41", ":", "@", "-", "~", "'", "=", "&", "x y", "\u00e9", "\\"];
        string[] bases = ["http://h/", "http://h/a/b/c.html", "https://h:8443/a/b/?q=1#f", "http://127.0.0.1:8080/d/e", "http://h/a//b/"];
        var random = new Random(20261204);
        int plainCount = 0;
        for (int i = 0; i < 20_000; i++)
        {
            string baseHref = bases[random.Next(bases.Length)];
            string reference = string.Concat(Enumerable.Range(0, random.Next(0, 7)).Select(_ => pieces[random.Next(pieces.Length)]));
            string? resolved = PlainReferences.For(baseHref)!.Resolve(reference);
            if (resolved is null)
            {
                continue;
            }
            plainCount++;
            Assert.True(resolved == Parsed(baseHref, reference), $"'{reference}' against {baseHref}: {resolved}, the parser {Parsed(baseHref, reference)}");
            string angleSharp = new AngleSharpUrl(new AngleSharpUrl(baseHref), reference).Href;
            Assert.True(resolved == angleSharp, $"'{reference}' against {baseHref}: {resolved}, AngleSharp {angleSharp}");
        }
        Assert.True(plainCount > 5_000, $"only {plainCount} of 20,000 generated references were plain");
    }

    private static string Parsed(string baseHref, string reference)
    {
        Assert.True(WebUrl.TryParse(baseHref, out WebUrl? baseUrl, out string? error), error);
        Assert.True(WebUrl.TryParse(reference, baseUrl, out WebUrl? url, out error), error);
        return url.Href;
    }
}
