using System.IO.Compression;
using System.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>Sitemaps written to hurt: too many URLs, a gzip bomb, entity expansion, external entities.</summary>
public sealed class SitemapBoundsTests
{
    private static readonly Uri Address = new("http://127.0.0.1:8080/sitemap.xml");

    private static byte[] Urls(int count)
    {
        var xml = new StringBuilder($"<urlset xmlns=\"{SitemapParser.Namespace}\">\n");
        for (int i = 0; i < count; i++)
        {
            xml.Append("<url><loc>http://127.0.0.1/").Append(i).Append("</loc></url>\n");
        }
        return Encoding.UTF8.GetBytes(xml.Append("</urlset>").ToString());
    }

    [Fact(Timeout = 30_000)]
    public async Task FiftyThousandUrlsAreReadWhole()
    {
        await Task.Yield();

        SitemapDocument document = SitemapParser.Parse(Urls(Defaults.MaxSitemapEntries), Address);

        Assert.Equal(Defaults.MaxSitemapEntries, document.Entries.Count);
        Assert.False(document.Truncated);
        Assert.Equal(new SitemapEntry("http://127.0.0.1/49999", 50_001, 6), document.Entries[^1]);
    }

    [Fact(Timeout = 30_000)]
    public async Task OneUrlPastFiftyThousandTruncatesTheSitemap()
    {
        await Task.Yield();

        SitemapDocument document = SitemapParser.Parse(Urls(Defaults.MaxSitemapEntries + 1), Address);

        Assert.Equal(Defaults.MaxSitemapEntries, document.Entries.Count);
        Assert.True(document.Truncated);
        Assert.Null(document.Error);
    }

    [Fact(Timeout = 60_000)]
    public async Task AGzipBombStopsAtTheByteBoundWithoutHoldingIt()
    {
        await Task.Yield();
        byte[] bomb = GzipBomb(Defaults.MaxSitemapBytes + (10L << 20));
        long before = GC.GetAllocatedBytesForCurrentThread();

        SitemapDocument document = SitemapParser.Parse(bomb, Address);

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(["http://127.0.0.1/first"], document.Entries.Select(e => e.Url));
        Assert.True(document.Truncated);
        Assert.Null(document.Error);
        Assert.True(allocated < (8L << 20), $"{allocated} bytes allocated to read a {Defaults.MaxSitemapBytes}-byte bound");
    }

    [Fact(Timeout = 10_000)]
    public async Task TheBillionLaughsAreRefusedAsADtd()
    {
        await Task.Yield();
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
             <!ENTITY lol "lol">
             <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
             <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
             <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
             <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
             <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
             <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
             <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
             <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <urlset><url><loc>http://127.0.0.1/&lol9;</loc></url></urlset>
            """;

        SitemapDocument document = SitemapParser.Parse(Encoding.UTF8.GetBytes(laughs), Address);

        Assert.Empty(document.Entries);
        Assert.Contains("DTD", document.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExternalEntityIsNeverRead()
    {
        string secret = Path.Combine(Path.GetTempPath(), $"sitemap-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "http://127.0.0.1/secret");
        try
        {
            string xxe = $"<?xml version=\"1.0\"?><!DOCTYPE u [<!ENTITY x SYSTEM \"file://{secret}\">]><urlset><url><loc>&x;</loc></url></urlset>";

            SitemapDocument document = SitemapParser.Parse(Encoding.UTF8.GetBytes(xxe), Address);

            Assert.Empty(document.Entries);
            Assert.NotNull(document.Error);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"x-no-such-encoding\"?><urlset/>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"utf-7\"?><urlset/>")]
    [InlineData("<?xml version=\"2.0\"?><urlset/>")]
    [InlineData("<urlset><url><loc><b>http://127.0.0.1/</b></loc></url></urlset>")]
    [InlineData("<urlset><url><loc>&undefined;</loc></url></urlset>")]
    [InlineData("<urlset><url><loc>&#0;</loc></url></urlset>")]
    [InlineData("<")]
    [InlineData("<urlset>")]
    public void StrangeXmlIsAnErrorNotAnException(string body)
    {
        SitemapDocument document = SitemapParser.Parse(Encoding.UTF8.GetBytes(body), Address);

        Assert.Empty(document.Entries);
        Assert.NotNull(document.Error);
    }

    [Fact]
    public void AGzipStreamCutShortKeepsWhatCameBefore()
    {
        byte[] whole = GzipBomb(1 << 20);

        SitemapDocument document = SitemapParser.Parse(whole.AsSpan(0, whole.Length / 2), Address);

        Assert.Equal(["http://127.0.0.1/first"], document.Entries.Select(e => e.Url));
        Assert.NotNull(document.Error);
    }

    [Fact(Timeout = 20_000)]
    public async Task ArbitraryBytesNeverThrow()
    {
        await Task.Yield();
        var random = new Random(20261203);
        byte[] alphabet = "<?xml urlset sitemapindex url loc/>&amp;#x;!DOCTYPE[]\"'=http://127.0.0.1/\r\n\t "u8.ToArray();
        for (int i = 0; i < 3_000; i++)
        {
            byte[] input = new byte[random.Next(0, 300)];
            for (int j = 0; j < input.Length; j++)
            {
                input[j] = random.Next(6) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }
            if (i % 3 == 0)
            {
                input = [0x1f, 0x8b, .. input];
            }
            _ = SitemapParser.Parse(input, Address);
        }
    }

    /// <summary>A sitemap whose one URL comes first, then white space that gunzips to <paramref name="size"/> bytes.</summary>
    private static byte[] GzipBomb(long size)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write("<urlset><url><loc>http://127.0.0.1/first</loc></url>"u8);
            byte[] spaces = new byte[1 << 20];
            spaces.AsSpan().Fill((byte)' ');
            for (long written = 0; written < size; written += spaces.Length)
            {
                gzip.Write(spaces);
            }
            gzip.Write("<url><loc>http://127.0.0.1/after</loc></url></urlset>"u8);
        }
        return output.ToArray();
    }
}
