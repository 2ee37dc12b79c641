using System.IO.Compression;
using System.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

public sealed class SitemapParserTests
{
    private static readonly Uri Address = new("http://127.0.0.1:8080/dir/sitemap.xml");

    private static SitemapDocument Parse(string body) => SitemapParser.Parse(Encoding.UTF8.GetBytes(body), Address);

    private static string Urlset(string inner, string xmlns = $" xmlns=\"{SitemapParser.Namespace}\"") =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset{xmlns}>\n{inner}</urlset>\n";

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    [Fact]
    public void AUrlsetGivesEachLocWithTheLineAndColumnOfItsTag()
    {
        SitemapDocument document = Parse(Urlset(
            "  <url>\n    <loc>http://127.0.0.1:8080/a.html</loc>\n    <lastmod>2026-01-01</lastmod>\n  </url>\n" +
            "  <url><loc>http://127.0.0.1:8080/b.html</loc></url>\n"));

        Assert.False(document.IsIndex);
        Assert.False(document.Truncated);
        Assert.Null(document.Error);
        Assert.Equal(
            [new SitemapEntry("http://127.0.0.1:8080/a.html", 4, 5), new SitemapEntry("http://127.0.0.1:8080/b.html", 7, 8)],
            document.Entries);
    }

    [Fact]
    public void ASitemapIndexIsAnIndexOfSitemaps()
    {
        SitemapDocument document = Parse(
            $"<sitemapindex xmlns=\"{SitemapParser.Namespace}\"><sitemap><loc>http://127.0.0.1:8080/s1.xml.gz</loc>" +
            "<lastmod>2026-01-01</lastmod></sitemap><sitemap><loc>http://127.0.0.1:8080/s2.xml</loc></sitemap></sitemapindex>");

        Assert.True(document.IsIndex);
        Assert.Equal(["http://127.0.0.1:8080/s1.xml.gz", "http://127.0.0.1:8080/s2.xml"], document.Entries.Select(e => e.Url));
    }

    [Fact]
    public void AMissingNamespaceIsForgiven()
    {
        SitemapDocument document = Parse(Urlset("<url><loc>http://127.0.0.1:8080/a</loc></url>", xmlns: ""));

        Assert.Equal(["http://127.0.0.1:8080/a"], document.Entries.Select(e => e.Url));
    }

    [Fact]
    public void ALocIsTrimmedAndItsEntitiesAndCdataAreDecoded()
    {
        SitemapDocument document = Parse(Urlset(
            "<url><loc>\n   http://127.0.0.1:8080/q?a=1&amp;b=&#50;  \n</loc></url>" +
            "<url><loc><![CDATA[http://127.0.0.1:8080/c?x=1&y=2]]></loc></url>"));

        Assert.Equal(["http://127.0.0.1:8080/q?a=1&b=2", "http://127.0.0.1:8080/c?x=1&y=2"], document.Entries.Select(e => e.Url));
    }

    [Fact]
    public void ARelativeLocIsResolvedAgainstTheSitemapsAddress()
    {
        SitemapDocument document = Parse(Urlset("<url><loc>page.html</loc></url><url><loc>/root.html</loc></url>"));

        Assert.Equal(["http://127.0.0.1:8080/dir/page.html", "http://127.0.0.1:8080/root.html"], document.Entries.Select(e => e.Url));
    }

    [Fact]
    public void ALocThatIsNotAnHttpUrlIsSkippedAndCounted()
    {
        SitemapDocument document = Parse(Urlset(
            "<url><loc>ftp://127.0.0.1/file</loc></url><url><loc>mailto:a@b.invalid</loc></url>" +
            "<url><loc>javascript:alert(1)</loc></url><url><loc>http://[::1/</loc></url><url><loc>  </loc></url>" +
            $"<url><loc>http://127.0.0.1/{new string('a', SitemapParser.MaxUrlChars)}</loc></url>" +
            "<url><loc>https://127.0.0.1/ok</loc></url>"));

        Assert.Equal(["https://127.0.0.1/ok"], document.Entries.Select(e => e.Url));
        Assert.Equal(6, document.Skipped);
    }

    [Fact]
    public void LocsOfOtherNamespacesAndOutsideUrlElementsAreNotUrlsOfTheSitemap()
    {
        SitemapDocument document = Parse(Urlset(
            "<url xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\"><loc>http://127.0.0.1/page</loc>" +
            "<image:image><image:loc>http://127.0.0.1/photo.jpg</image:loc></image:image></url>" +
            "<loc>http://127.0.0.1/stray</loc><url><x><loc>http://127.0.0.1/deep</loc></x></url>"));

        Assert.Equal(["http://127.0.0.1/page"], document.Entries.Select(e => e.Url));
    }

    [Fact]
    public void AnXmlDocumentThatIsNotASitemapSaysSo()
    {
        SitemapDocument document = Parse("<html><body><a href=\"http://127.0.0.1/\">x</a></body></html>");

        Assert.Empty(document.Entries);
        Assert.Contains("<html>", document.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnRssFeedGivesTheLinksOfItsItems()
    {
        SitemapDocument document = Parse(
            "<rss version=\"2.0\"><channel><link>http://127.0.0.1/channel</link>\n" +
            "<item><title>A</title><link>http://127.0.0.1/a</link></item>\n<item><link> /b </link></item></channel></rss>");

        Assert.False(document.IsIndex);
        Assert.Null(document.Error);
        Assert.Equal([new SitemapEntry("http://127.0.0.1/a", 2, 23), new SitemapEntry("http://127.0.0.1:8080/b", 3, 7)], document.Entries);
    }

    [Fact]
    public void AnAtomFeedGivesTheAlternateLinksOfItsEntries()
    {
        SitemapDocument document = Parse(
            $"<feed xmlns=\"{SitemapShape.AtomNamespace}\"><link href=\"http://127.0.0.1/feed\"/>\n" +
            "<entry><link href=\"http://127.0.0.1/a\"/><link rel=\"edit\" href=\"http://127.0.0.1/edit\"/></entry>\n" +
            "<entry><link rel=\"alternate\" href=\"http://127.0.0.1/b\"/></entry></feed>");

        Assert.Equal([new SitemapEntry("http://127.0.0.1/a", 2, 8), new SitemapEntry("http://127.0.0.1/b", 3, 8)], document.Entries);
    }

    [Fact]
    public void AUtf16SitemapIsReadByItsByteOrderMark()
    {
        byte[] body = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Urlset("<url><loc>http://127.0.0.1/caf\u00e9</loc></url>").Replace("UTF-8", "UTF-16", StringComparison.Ordinal))];

        SitemapDocument document = SitemapParser.Parse(body, Address);

        Assert.Null(document.Error);
        Assert.Equal(["http://127.0.0.1/caf%C3%A9"], document.Entries.Select(e => e.Url));
    }

    [Fact]
    public void AGzippedSitemapIsRecognisedByItsMagicBytes()
    {
        byte[] body = Gzip(Encoding.UTF8.GetBytes(Urlset("<url><loc>http://127.0.0.1:8080/a</loc></url>")));

        SitemapDocument document = SitemapParser.Parse(body, Address);

        Assert.Equal([new SitemapEntry("http://127.0.0.1:8080/a", 3, 6)], document.Entries);
    }

    [Fact]
    public void MalformedXmlKeepsTheUrlsReadBeforeTheFaultAndSaysWhere()
    {
        SitemapDocument document = Parse(Urlset("<url><loc>http://127.0.0.1/a</loc></url>\n<url><loc>http://127.0.0.1/b</lo></url>"));

        Assert.Equal(["http://127.0.0.1/a"], document.Entries.Select(e => e.Url));
        Assert.False(document.Truncated);
        Assert.StartsWith("malformed XML", document.Error, StringComparison.Ordinal);
        Assert.Contains("line 4", document.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8IsAFaultOfTheXmlAfterTheUrlsBeforeIt()
    {
        byte[] head = Encoding.UTF8.GetBytes($"<urlset xmlns=\"{SitemapParser.Namespace}\"><url><loc>http://127.0.0.1/a</loc></url><url><loc>http://127.0.0.1/");
        byte[] body = [.. head, 0xff, 0xfe, 0xc3, .. "</loc></url></urlset>"u8];

        SitemapDocument document = SitemapParser.Parse(body, Address);

        Assert.Equal(["http://127.0.0.1/a"], document.Entries.Select(e => e.Url));
        Assert.NotNull(document.Error);
    }

    [Fact]
    public void ACorruptGzipStreamIsAnErrorNotAnException()
    {
        byte[] body = Gzip(Encoding.UTF8.GetBytes(Urlset("<url><loc>http://127.0.0.1:8080/a</loc></url>")));
        body.AsSpan(10).Fill(0xff);

        SitemapDocument document = SitemapParser.Parse(body, Address);

        Assert.Empty(document.Entries);
        Assert.StartsWith("corrupt gzip data", document.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyBodyIsAnEmptySitemap()
    {
        SitemapDocument document = SitemapParser.Parse([], Address);

        Assert.Empty(document.Entries);
        Assert.Null(document.Error);
    }
}
