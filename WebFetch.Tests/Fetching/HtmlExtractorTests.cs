using System.Runtime.Versioning;
using System.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

[SupportedOSPlatform("linux")]
public sealed class HtmlExtractorTests : IDisposable
{
    private static readonly Uri Address = new("https://example.test/dir/page.html");

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(5));

    public void Dispose() => _timeout.Dispose();

    [Fact(Timeout = 10000)]
    public async Task TitleWhitespaceIsCollapsed()
    {
        PageSummary page = await ExtractAsync("<html><head><title>\n   Hello \t\r\n  World   </title></head><body></body></html>");

        Assert.Equal("Hello World", page.Title);
    }

    [Fact(Timeout = 10000)]
    public async Task TitleEntitiesAreDecoded()
    {
        PageSummary page = await ExtractAsync("<title>Fish &amp; Chips &#233;t&#xE9; &lt;3</title>");

        Assert.Equal("Fish & Chips été <3", page.Title);
    }

    [Fact(Timeout = 10000)]
    public async Task MissingTitleIsNull()
    {
        PageSummary page = await ExtractAsync("<html><head></head><body><h1>No title</h1></body></html>");

        Assert.Null(page.Title);
    }

    [Theory(Timeout = 10000)]
    [InlineData("<title></title>")]
    [InlineData("<title>  \n\t </title>")]
    public async Task EmptyTitleIsNull(string html)
    {
        PageSummary page = await ExtractAsync(html);

        Assert.Null(page.Title);
    }

    [Fact(Timeout = 10000)]
    public async Task TitleLongerThanTheCapIsCut()
    {
        PageSummary page = await ExtractAsync($"<title>{new string('t', HtmlExtractor.MaxTextChars * 3)}</title>");

        Assert.NotNull(page.Title);
        Assert.Equal(HtmlExtractor.MaxTextChars + 1, page.Title.Length);
        Assert.Equal(new string('t', HtmlExtractor.MaxTextChars) + "…", page.Title);
    }

    [Fact(Timeout = 10000)]
    public async Task CutTitleDoesNotSplitASurrogatePair()
    {
        string title = new string('t', HtmlExtractor.MaxTextChars - 1) + string.Concat(Enumerable.Repeat("\U0001F600", 10));

        PageSummary page = await ExtractAsync($"<title>{title}</title>");

        Assert.NotNull(page.Title);
        Assert.EndsWith("…", page.Title, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(page.Title[^2]), "the cut left a lone high surrogate before the ellipsis");
    }

    [Fact(Timeout = 10000)]
    public async Task TitleOfExactlyTheCapIsKept()
    {
        string title = new('t', HtmlExtractor.MaxTextChars);

        PageSummary page = await ExtractAsync($"<title>{title}</title>");

        Assert.Equal(title, page.Title);
    }

    [Fact(Timeout = 10000)]
    public async Task MetaDescriptionIsFoundWhateverTheCaseOfItsName()
    {
        PageSummary page = await ExtractAsync(
            "<head><meta name=\"keywords\" content=\"k\"><META NAME=\" Description \" CONTENT=\"  A  page\n\tabout   things  \"></head>");

        Assert.Equal("A page about things", page.Description);
    }

    [Fact(Timeout = 10000)]
    public async Task MissingOrBlankDescriptionIsNull()
    {
        PageSummary missing = await ExtractAsync("<head><meta name=\"author\" content=\"x\"></head>");
        PageSummary blank = await ExtractAsync("<head><meta name=\"description\" content=\"   \"></head>");

        Assert.Null(missing.Description);
        Assert.Null(blank.Description);
    }

    [Fact(Timeout = 10000)]
    public async Task DescriptionLongerThanTheCapIsCut()
    {
        PageSummary page = await ExtractAsync($"<meta name=\"description\" content=\"{new string('d', HtmlExtractor.MaxTextChars + 10)}\">");

        Assert.Equal(new string('d', HtmlExtractor.MaxTextChars) + "…", page.Description);
    }

    [Fact(Timeout = 10000)]
    public async Task LangComesFromTheHtmlElement()
    {
        PageSummary page = await ExtractAsync("<!DOCTYPE html><html lang=\" fr-CA \"><head><title>t</title></head></html>");

        Assert.Equal("fr-CA", page.Lang);
    }

    [Fact(Timeout = 10000)]
    public async Task MissingLangIsNull()
    {
        PageSummary page = await ExtractAsync("<!DOCTYPE html><html><body lang=\"de\"></body></html>");

        Assert.Null(page.Lang);
    }

    [Fact(Timeout = 10000)]
    public async Task CanonicalIsResolvedAgainstTheDocumentAddress()
    {
        PageSummary page = await ExtractAsync("<head><link rel=\"canonical\" href=\"../other.html?x=1\"></head>");

        Assert.Equal("https://example.test/other.html?x=1", page.Canonical);
    }

    [Fact(Timeout = 10000)]
    public async Task CanonicalIsResolvedAgainstTheBaseHref()
    {
        PageSummary page = await ExtractAsync(
            "<head><base href=\"https://cdn.example.test/base/\"><link rel=\"canonical\" href=\"x.html\"></head>");

        Assert.Equal("https://cdn.example.test/base/x.html", page.Canonical);
    }

    [Fact(Timeout = 10000)]
    public async Task CanonicalIsFoundAmongOtherRelations()
    {
        PageSummary page = await ExtractAsync(
            "<head><link rel=\"stylesheet\" href=\"s.css\"><link rel=\"alternate canonical\" href=\"/c\"></head>");

        Assert.Equal("https://example.test/c", page.Canonical);
    }

    [Fact(Timeout = 10000)]
    public async Task CanonicalRelationIsMatchedWhateverItsCase()
    {
        PageSummary page = await ExtractAsync("<head><link rel=\"Canonical\" href=\"/c\"></head>");

        Assert.Equal("https://example.test/c", page.Canonical);
    }

    [Fact(Timeout = 10000)]
    public async Task MissingCanonicalIsNull()
    {
        PageSummary page = await ExtractAsync("<head><link rel=\"stylesheet\" href=\"s.css\"></head>");

        Assert.Null(page.Canonical);
    }

    [Fact(Timeout = 10000)]
    public async Task LinksCountsOnlyAnchorsWithHref()
    {
        PageSummary page = await ExtractAsync(
            "<body><a href=\"/a\">a</a><a href=\"b.html\">b</a><a name=\"anchor\">no</a><a>no</a>"
            + "<a href=\"\">empty</a><area href=\"/x\"><link href=\"/y\"><div href=\"/z\"></div></body>");

        Assert.Equal(3, page.Links);
    }

    [Fact(Timeout = 10000)]
    public async Task DocumentWithoutAnythingGivesEmptySummary()
    {
        PageSummary page = await ExtractAsync("");

        Assert.Equal(new PageSummary(null, null, null, null, 0) { Charset = "UTF-8" }, page);
    }

    [Fact(Timeout = 10000)]
    public async Task Utf8CharsetFromTheHeaderIsUsed()
    {
        byte[] body = Encoding.UTF8.GetBytes("<title>Caf\u00e9 \u65e5\u672c</title>");

        PageSummary page = await ExtractAsync(body, "text/html; charset=utf-8");

        Assert.Equal("Café 日本", page.Title);
    }

    [Fact(Timeout = 10000)]
    public async Task Utf8CharsetFromMetaIsUsed()
    {
        byte[] body = Encoding.UTF8.GetBytes("<head><meta charset=\"utf-8\"><title>Caf\u00e9</title></head>");

        PageSummary page = await ExtractAsync(body, "text/html");

        Assert.Equal("Café", page.Title);
    }

    [Fact(Timeout = 10000)]
    public async Task Windows1252CharsetFromTheHeaderIsUsed()
    {
        byte[] body = [.. "<html><head><title>Caf"u8, 0xE9, .. " cr"u8, 0xE8, .. "me 5"u8, 0x80, .. "</title></head></html>"u8];

        PageSummary page = await ExtractAsync(body, "text/html; charset=windows-1252");

        Assert.Equal("Café crème 5€", page.Title);
    }

    [Fact(Timeout = 10000)]
    public async Task Windows1252CharsetFromMetaIsUsed()
    {
        byte[] body = [.. "<html><head><meta charset=\"windows-1252\"><title>Caf"u8, 0xE9, .. "</title></head></html>"u8];

        PageSummary page = await ExtractAsync(body, "text/html");

        Assert.Equal("Café", page.Title);
    }

    [Fact(Timeout = 10000)]
    public async Task APageIsReadOnlyToItsOwnEndWhenItsBufferHeldALongerPageBefore()
    {
        // Both pages decode into buffers of the same pooled size, the second into the first's
        // (same thread, same size class). An unclosed title runs to the end of the text: past
        // the page's own end, it would pick up the longer page's letters and its link.
        byte[] longer = Encoding.UTF8.GetBytes($"<title>{new string('a', 3500)}</title><a href=\"/x\">x</a>");
        byte[] shorter = Encoding.UTF8.GetBytes($"<!--{new string('c', 2100)}--><title>short");

        (PageSummary first, PageSummary second) = await Task.Run(() => (
            HtmlExtractor.Extract(longer, "text/html", Address, _timeout.Token),
            HtmlExtractor.Extract(shorter, "text/html", Address, _timeout.Token)));

        Assert.Equal(1, first.Links);
        Assert.Equal("short", second.Title);
        Assert.Equal(0, second.Links);
    }

    private Task<PageSummary> ExtractAsync(string html) => ExtractAsync(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");

    private Task<PageSummary> ExtractAsync(byte[] body, string? contentType) =>
        Task.Run(() => HtmlExtractor.Extract(body, contentType, Address, _timeout.Token));
}
