using System.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The HTML standard's prescan for a meta charset, on bytes.</summary>
public sealed class MetaPrescanTests
{
    public MetaPrescanTests() => CodePages.Register();

    [Theory]
    [InlineData("<meta charset=\"windows-1252\">", "windows-1252")]
    [InlineData("<META CHARSET=Shift_JIS>", "Shift_JIS")]
    [InlineData("<meta charset='gbk'/>", "GBK")]
    [InlineData("<!DOCTYPE html><html><head><meta charset=\" iso-8859-2 \"><title>x</title>", "ISO-8859-2")]
    [InlineData("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">", "windows-1251")]
    [InlineData("<meta content='text/html;charset = \"big5\"' http-equiv=content-type>", "Big5")]
    public void AMetaCharsetIsFound(string html, string webName) =>
        Assert.Equal(webName, MetaPrescan.FindEncoding(Encoding.ASCII.GetBytes(html))?.Name);

    [Theory]
    [InlineData("<html><head><title>no meta</title></head>")]
    [InlineData("<meta content=\"text/html; charset=windows-1251\">")] // content without http-equiv
    [InlineData("<!-- <meta charset=\"windows-1252\"> -->")]
    [InlineData("<div title=\"<meta charset=windows-1252>\">")] // inside another tag's attribute
    [InlineData("<meta charset=\"x-no-such-charset\">")]
    [InlineData("<metal charset=\"windows-1252\">")]
    [InlineData("<meta charset=\"windows-1252")] // cut off
    public void NoUsableMetaGivesNothing(string html) =>
        Assert.Null(MetaPrescan.FindEncoding(Encoding.ASCII.GetBytes(html)));

    [Fact]
    public void TheFirstQualifyingMetaWinsAndAnUnknownLabelDoesNotStopTheScan()
    {
        byte[] html = Encoding.ASCII.GetBytes("<meta charset=bogus><meta charset=windows-1250><meta charset=windows-1252>");

        Assert.Equal("windows-1250", MetaPrescan.FindEncoding(html)?.Name);
    }

    [Fact]
    public void OnlyTheFirstKilobyteIsLookedAt()
    {
        string padding = "<!-- " + new string('x', MetaPrescan.Window) + " -->";

        Assert.Null(MetaPrescan.FindEncoding(Encoding.ASCII.GetBytes(padding + "<meta charset=windows-1252>")));
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("UTF-16BE")]
    public void AMetaCannotSwitchToUtf16(string label) =>
        Assert.Equal("UTF-8", MetaPrescan.FindEncoding(Encoding.ASCII.GetBytes($"<meta charset={label}>"))?.Name);

    [Fact(Timeout = 10_000)]
    public async Task ArbitraryBytesEndTheScanWithoutAnError()
    {
        await Task.Yield();
        var random = new Random(20261127);
        byte[] alphabet = "<>!-/?=\"' \tmetaMETAcharsethttp-equivcontent;"u8.ToArray();
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input = new byte[random.Next(0, 1200)];
            for (int j = 0; j < input.Length; j++)
            {
                input[j] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }
            _ = MetaPrescan.FindEncoding(input);
        }
    }

    [Theory]
    [InlineData("text/html; charset=utf-8", "utf-8")]
    [InlineData("charset=\"koi8-r\"; x", "koi8-r")]
    [InlineData("charsetx; charset=latin1", "latin1")]
    [InlineData("text/html; charset=", null)]
    [InlineData("text/html; charset=\"unterminated", null)]
    [InlineData("text/html", null)]
    public void TheCharsetOfAContentAttributeIsExtracted(string content, string? label) =>
        Assert.Equal(label, MetaPrescan.CharsetInContent(content));
}
