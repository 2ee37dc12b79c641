using System.IO.Compression;
using System.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

public sealed class SitemapTextTests
{
    private static readonly Uri Address = new("http://127.0.0.1:8080/sitemap.txt");

    [Fact]
    public void ABodyThatIsNotXmlIsAListOfUrlsOneALine()
    {
        byte[] body = Encoding.UTF8.GetBytes("\uFEFFhttp://127.0.0.1/a\r\n\r\n   http://127.0.0.1/b  \rhttp://127.0.0.1/c\nftp://127.0.0.1/no\nhttp://127.0.0.1/last");

        SitemapDocument document = SitemapParser.Parse(body, Address);

        Assert.False(document.IsIndex);
        Assert.Null(document.Error);
        Assert.Equal(
            [
                new SitemapEntry("http://127.0.0.1/a", 1, 1),
                new SitemapEntry("http://127.0.0.1/b", 3, 4),
                new SitemapEntry("http://127.0.0.1/c", 4, 1),
                new SitemapEntry("http://127.0.0.1/last", 6, 1),
            ],
            document.Entries);
        Assert.Equal(1, document.Skipped);
    }

    [Fact]
    public void AGzippedTextSitemapIsRead()
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write("http://127.0.0.1/a\nhttp://127.0.0.1/b\n"u8);
        }

        SitemapDocument document = SitemapParser.Parse(output.ToArray(), Address);

        Assert.Equal(["http://127.0.0.1/a", "http://127.0.0.1/b"], document.Entries.Select(e => e.Url));
    }

    [Fact]
    public void InvalidUtf8InALineIsReplacedAndPercentEncoded()
    {
        byte[] body = [.. "http://127.0.0.1/caf"u8, 0xe9, .. "\nhttp://127.0.0.1/ok"u8];

        SitemapDocument document = SitemapParser.Parse(body, Address);

        Assert.Equal(["http://127.0.0.1/caf%EF%BF%BD", "http://127.0.0.1/ok"], document.Entries.Select(e => e.Url));
    }

    [Fact]
    public void ALineLongerThanTheBoundIsSkippedNotCut()
    {
        byte[] body = Encoding.UTF8.GetBytes($"http://127.0.0.1/{new string('a', 4 * SitemapParser.MaxUrlChars)}\nhttp://127.0.0.1/ok\n");

        SitemapDocument document = SitemapParser.Parse(body, Address);

        Assert.Equal([new SitemapEntry("http://127.0.0.1/ok", 2, 1)], document.Entries);
        Assert.Equal(1, document.Skipped);
    }

    [Fact(Timeout = 30_000)]
    public async Task FiftyThousandAndOneLinesTruncateTheSitemap()
    {
        await Task.Yield();
        var text = new StringBuilder();
        for (int i = 0; i <= Defaults.MaxSitemapEntries; i++)
        {
            text.Append("http://127.0.0.1/").Append(i).Append('\n');
        }

        SitemapDocument document = SitemapParser.Parse(Encoding.UTF8.GetBytes(text.ToString()), Address);

        Assert.Equal(Defaults.MaxSitemapEntries, document.Entries.Count);
        Assert.True(document.Truncated);
    }
}
