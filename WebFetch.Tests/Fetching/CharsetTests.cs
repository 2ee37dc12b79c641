using System.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The title decodes right whatever the charset: BOM, then the Content-Type header, then the meta prescan.</summary>
public sealed class CharsetTests : IDisposable
{
    private static readonly Uri Address = new("http://example.test/");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));

    static CharsetTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => _timeout.Dispose();

    [Fact(Timeout = 10_000)]
    public async Task Windows1252DeclaredByMetaCharset()
    {
        byte[] body = Page("<meta charset=\"windows-1252\"><title>", "Café crème 5€", "windows-1252");

        Assert.Equal("Café crème 5€", await TitleAsync(body, "text/html"));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("Shift_JIS", "日本語のページ")]
    [InlineData("GBK", "中文网页标题")]
    [InlineData("Big5", "繁體中文網頁")]
    public async Task LegacyCharsetDeclaredByTheHeader(string charset, string title)
    {
        byte[] body = Page("<title>", title, charset);

        Assert.Equal(title, await TitleAsync(body, $"text/html; charset={charset}"));
    }

    [Fact(Timeout = 10_000)]
    public async Task QuotedCharsetInTheHeaderIsUnquoted()
    {
        byte[] body = Page("<title>", "日本語のページ", "shift_jis");

        Assert.Equal("日本語のページ", await TitleAsync(body, "text/html; charset=\"Shift_JIS\""));
    }

    [Fact(Timeout = 10_000)]
    public async Task Utf8ByteOrderMarkWinsOverHeaderAndMeta()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Page("<meta charset=\"windows-1252\"><title>", "Café 日本", "utf-8")];

        Assert.Equal("Café 日本", await TitleAsync(body, "text/html; charset=windows-1252"));
    }

    [Fact(Timeout = 10_000)]
    public async Task HeaderWinsOverAConflictingMeta()
    {
        byte[] body = Page("<meta charset=\"utf-8\"><title>", "日本語のページ", "shift_jis");

        Assert.Equal("日本語のページ", await TitleAsync(body, "text/html; charset=shift_jis"));
    }

    [Fact(Timeout = 10_000)]
    public async Task UnknownHeaderCharsetFallsBackToTheMeta()
    {
        byte[] body = Page("<meta charset=\"windows-1252\"><title>", "Café", "windows-1252");

        Assert.Equal("Café", await TitleAsync(body, "text/html; charset=x-no-such-charset"));
    }

    [Fact(Timeout = 10_000)]
    public async Task UnknownCharsetEverywhereFallsBackWithoutFailing()
    {
        byte[] body = Page("<meta charset=\"x-bogus\"><title>", "Plain title", "utf-8");

        Assert.Equal("Plain title", await TitleAsync(body, "text/html; charset=x-no-such-charset"));
    }

    [Fact(Timeout = 10_000)]
    public async Task Utf16ByteOrderMarksWinOverTheHeader()
    {
        byte[] littleEndian = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("<title>Café 日本</title>")];
        byte[] bigEndian = [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes("<title>Café 日本</title>")];

        Assert.Equal("Café 日本", await TitleAsync(littleEndian, "text/html; charset=windows-1252"));
        Assert.Equal("Café 日本", await TitleAsync(bigEndian, "text/html"));
    }

    [Fact(Timeout = 10_000)]
    public async Task MetaCharsetAfterTheFirstKilobyteIsIgnoredAsByThePrescan()
    {
        string padding = "<!-- " + new string('x', 2000) + " -->";
        byte[] body = Page(padding + "<meta charset=\"windows-1252\"><title>", "Café", "windows-1252");

        Assert.Equal("Caf\uFFFD", await TitleAsync(body, "text/html"));
    }

    [Theory]
    [InlineData("text/html; charset=\"Shift_JIS\"", "Shift_JIS")]
    [InlineData("text/html; charset= utf-8 ", "utf-8")]
    [InlineData("text/html; charset=x-no-such-charset", null)]
    [InlineData("text/html", null)]
    [InlineData(null, null)]
    public void HeaderCharsetIsPlainAndKnown(string? header, string? expected)
    {
        Assert.Equal(expected, HtmlExtractor.HeaderCharset(header));
    }

    private static byte[] Page(string prefix, string title, string charset) =>
        [.. Encoding.ASCII.GetBytes(prefix), .. Encoding.GetEncoding(charset).GetBytes(title), .. "</title>"u8];

    private async Task<string?> TitleAsync(byte[] body, string contentType) =>
        (await Task.Run(() => HtmlExtractor.Extract(body, contentType, Address, _timeout.Token))).Title;
}
