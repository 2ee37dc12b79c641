using System.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The title decodes right whatever the charset: BOM, then the Content-Type header, then the meta prescan, then detection; a later meta while tentative.</summary>
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
    public async Task AMetaCharsetAfterTheFirstKilobyteReadsThePageAgain()
    {
        string padding = "<!-- " + new string('x', 2000) + " -->";
        byte[] body = Page(padding + "<meta charset=\"windows-1252\"><title>", "Café", "windows-1252");

        PageSummary page = await ExtractAsync(body, "text/html");

        Assert.Equal(("Café", "windows-1252"), (page.Title, page.Charset));
    }

    [Fact(Timeout = 10_000)]
    public async Task ALateMetaAfterValidUtf8WinsAsTheStandardsParserLetsIt()
    {
        string padding = "<script>" + new string('x', 2000) + "</script>";
        byte[] body = Page(padding + "<title>", "été</title><meta charset=windows-1252><title>", "utf-8");

        PageSummary page = await ExtractAsync(body, "text/html");

        Assert.Equal(("Ã©tÃ©", "windows-1252"), (page.Title, page.Charset));
    }

    [Fact(Timeout = 10_000)]
    public async Task ALateMetaDoesNotOverrideTheContentTypeCharset()
    {
        string padding = "<!-- " + new string('x', 2000) + " -->";
        byte[] body = Page(padding + "<meta charset=\"windows-1252\"><title>", "日本語", "shift_jis");

        PageSummary page = await ExtractAsync(body, "text/html; charset=shift_jis");

        Assert.Equal(("日本語", "Shift_JIS"), (page.Title, page.Charset));
    }

    [Fact(Timeout = 10_000)]
    public async Task OnlyTheFirstMetaThatNamesAnEncodingCounts()
    {
        string padding = "<!-- " + new string('x', 2000) + " -->";
        byte[] body = Page(padding + "<meta charset=bogus><meta charset=windows-1251><meta charset=windows-1252><title>", "Привет", "windows-1251");

        PageSummary page = await ExtractAsync(body, "text/html");

        Assert.Equal(("Привет", "windows-1251"), (page.Title, page.Charset));
    }

    [Fact(Timeout = 10_000)]
    public async Task ALateMetaOnAnAsciiPageOnlyNamesTheEncoding()
    {
        string padding = "<!-- " + new string('x', 2000) + " -->";
        byte[] body = Page(padding + "<meta charset=shift_jis><title>", "Plain &eacute;", "ascii");

        PageSummary page = await ExtractAsync(body, "text/html");

        Assert.Equal(("Plain é", "Shift_JIS"), (page.Title, page.Charset));
    }

    [Fact(Timeout = 10_000)]
    public async Task AnUndeclaredLatin1PageIsReadAsWindows1252()
    {
        byte[] body = Page("<html><head><title>", "Café crème brûlée à la française", "windows-1252");

        PageSummary page = await ExtractAsync(body, "text/html");

        Assert.Equal(("Café crème brûlée à la française", "windows-1252"), (page.Title, page.Charset));
    }

    [Fact(Timeout = 10_000)]
    public async Task AnUndeclaredPageThatReadsTheSameInWindows1252IsNamedWindows1252()
    {
        // With an "é" in a page of English markup, the detector's first answer is ISO-8859-2, where 0xE9 is "é" too.
        string filler = string.Concat(Enumerable.Range(0, 200).Select(i => $"<div class=\"item-{i}\"><a href=\"/page/{i}\">Item number {i} in the list</a></div>\n"));
        byte[] body = Page("<html><head><title>", "Café", "windows-1252");
        body = [.. body, .. Encoding.ASCII.GetBytes(filler)];

        PageSummary page = await ExtractAsync(body, "text/html");

        Assert.Equal(("Café", "windows-1252"), (page.Title, page.Charset));
    }

    [Fact(Timeout = 10_000)]
    public async Task AnUndeclaredValidUtf8PageIsReadAsUtf8()
    {
        byte[] body = Page("<html><head><title>", "Café crème 日本語", "utf-8");

        PageSummary page = await ExtractAsync(body, "text/html");

        Assert.Equal(("Café crème 日本語", "UTF-8"), (page.Title, page.Charset));
    }

    [Fact(Timeout = 10_000)]
    public async Task AnUndeclaredAsciiPageIsNamedWindows1252AsBrowsersNameIt()
    {
        PageSummary page = await ExtractAsync("<title>Plain</title>"u8.ToArray(), "text/html");

        Assert.Equal(("Plain", "windows-1252"), (page.Title, page.Charset));
    }

    [Theory(Timeout = 10_000)]
    [InlineData("windows-1251", "Привет, мир! Новости дня", "<p>Главная страница сайта</p>", "windows-1251")]
    [InlineData("koi8-r", "Привет, мир! Новости дня", "<p>Главная страница сайта</p>", "KOI8-R")]
    [InlineData("shift_jis", "日本語のページへようこそ", "<p>こんにちは世界</p>", "Shift_JIS")]
    [InlineData("euc-jp", "日本語のページへようこそ", "<p>こんにちは世界</p>", "EUC-JP")]
    [InlineData("euc-kr", "한국어 웹 페이지에 오신 것을 환영합니다", "", "EUC-KR")]
    [InlineData("gb18030", "欢迎访问中文网页标题", "<p>简体中文内容</p>", "gb18030")]
    [InlineData("big5", "歡迎光臨繁體中文網頁", "", "Big5")]
    public async Task AnUndeclaredLegacyPageIsDetected(string charset, string title, string text, string name)
    {
        byte[] body = [.. Page("<title>", title, charset), .. Encoding.GetEncoding(charset).GetBytes(text)];

        PageSummary page = await ExtractAsync(body, "text/html");

        Assert.Equal((title, name), (page.Title, page.Charset));
    }

    [Fact(Timeout = 10_000)]
    public async Task EucJpByte80IsTheReplacementCharacter()
    {
        byte[] body = [.. "<title>"u8, 0xC6, 0xFC, 0x80, 0xCB, 0xDC, .. "</title>"u8];

        Assert.Equal("日\uFFFD本", await TitleAsync(body, "text/html; charset=euc-jp"));
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

    private async Task<string?> TitleAsync(byte[] body, string contentType) => (await ExtractAsync(body, contentType)).Title;

    private Task<PageSummary> ExtractAsync(byte[] body, string contentType) =>
        Task.Run(() => HtmlExtractor.Extract(body, contentType, Address, _timeout.Token));
}
