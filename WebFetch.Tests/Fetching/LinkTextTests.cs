using System.Text;
using AngleSharp.Html.Parser;
using WebFetch.Fetching;
using WebFetch.Protocol;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>
/// A crawl reads a link's text from the page's text, not from text nodes (<see cref="LinkText"/>):
/// the text a full parse gives the a, collapsed, with what a reader sees in odd markup.
/// </summary>
public sealed class LinkTextTests : IDisposable
{
    private static readonly Uri Address = new("https://example.test/dir/page.html");

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public void Dispose() => _timeout.Dispose();

    [Theory(Timeout = 30_000)]
    [InlineData("Fish &amp; chips &copy 2024 &#x41;&#66 &#X43; &notit; &notin; &hellip; &hellip &amp")]
    [InlineData("&#128;&#x9d;&#0;&#xD800;&#1114112;&#99999999999999; &# &#x; & ; &x;")]
    [InlineData("&NotNestedGreaterGreater; &nGt; &CounterClockwiseContourIntegral; &fjlig; &ampx; &ampx &AMP;")]
    [InlineData("<span title=\"a > b\" data-x='c>d' e=f>in</span><!-- a <b>comment</b> -->side<!----> <!--->x<!-->y<!-- -- --!> z")]
    [InlineData("<b>bold</b><br/><img src=i.png alt=not-text>text <?pi > after <!doctype x> </> and </3 bogus> end < not a tag <3")]
    [InlineData("  spaced\t\tout \r\n words  <i> </i>  ")]
    [InlineData("<svg viewBox=\"0 0 10 10\"><title>Icon &amp; name</title><path d=\"M0 0L10 10\"/></svg>Label")]
    [InlineData("<textarea>&lt;keep <b>as</b> text</textarea> and <title>t<i>x</i></title>")]
    [InlineData("<SPAN>Upper</SPAN> <abbr>abbr</abbr> <dfn>not an end</dfn>")]
    public async Task TheTextIsTheTextAFullParseGivesTheLink(string content)
    {
        PageSummary page = await ExtractAsync($"<p><a href=x>{content}</a> after</p>");

        Assert.Equal(FullParseText(content), Assert.Single(page.FoundLinks!, l => l.Tag == "a@href").Text);
    }

    [Fact(Timeout = 30_000)]
    public async Task ScriptAndStyleContentsAreNoText()
    {
        PageSummary page = await ExtractAsync("<a href=1>a<script>var s = '</a><b>x</b>';</script>b<style>p::after { content: '</a>' }</style>c</a>");

        Assert.Equal("abc", Assert.Single(page.FoundLinks!, l => l.Tag == "a@href").Text);
    }

    [Fact(Timeout = 30_000)]
    public async Task ALinkEndsWhereAnotherStartsAsItDoesInTheTree()
    {
        PageSummary page = await ExtractAsync("<p><a href=1>outer <a href=2>inner</a> tail</a></p>");

        Assert.Equal(["1 outer", "2 inner"], page.FoundLinks!.Select(l => $"{l.Url[(l.Url.LastIndexOf('/') + 1)..]} {l.Text}"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ALinkLeftOpenReadsOnAsABrowserShowsIt()
    {
        PageSummary page = await ExtractAsync("<p><a href=1>left open</p>\n<p>still linked</p><a href=2>next</a>");

        // the tree copies the open a into the next paragraph: the same link again, counted with the first (LinkRepeats)
        Assert.Equal(["1 1:4 left open still linked x2", "2 2:20 next x1"],
            page.FoundLinks!.Select(l => $"{l.Url[(l.Url.LastIndexOf('/') + 1)..]} {l.Line}:{l.Col} {l.Text} x{l.Occurrences}"));
    }

    [Fact(Timeout = 30_000)]
    public async Task ALinkWithoutTextTakesTheAltOfItsFirstImageThatHasOne()
    {
        PageSummary page = await ExtractAsync(
            "<a href=1><span><img src=a.png></span><img src=b.png alt=' Second &amp;  image '><img src=c.png alt=Third></a>"
            + "<a href=2><img src=d.png alt=''></a><a href=3><i></i></a><a href=4>Words <img src=e.png alt=Alt></a>");

        Assert.Equal(["Second & image", null, null, "Words"], page.FoundLinks!.Where(l => l.Tag == "a@href").Select(l => l.Text));
    }

    [Fact(Timeout = 30_000)]
    public async Task TextPastTheReadingBoundIsNotLookedFor()
    {
        string markup = string.Concat(Enumerable.Repeat("<i></i>", (LinkText.MaxSourceChars / 7) + 1));
        PageSummary page = await ExtractAsync($"<a href=1>{markup}late</a><a href=2>{markup}<img src=i.png alt=Icon></a><a href=3>on time</a>");

        Assert.Equal([null, null, "on time"], page.FoundLinks!.Where(l => l.Tag == "a@href").Select(l => l.Text));
    }

    [Fact(Timeout = 30_000)]
    public async Task AnAttributeLeftUnquotedToTheEndOfThePageEndsTheText()
    {
        PageSummary page = await ExtractAsync("<a href=1>before<span title=\"never closed>after</a>");

        Assert.Equal("before", Assert.Single(page.FoundLinks!).Text);
    }

    [Fact(Timeout = 60_000)]
    public async Task FiveThousandOpenLinksBeforeALongTextCostLinearWork()
    {
        var html = new StringBuilder("<!doctype html><p>");
        for (int i = 0; i < 5000; i++)
        {
            html.Append("<a href=p").Append(i).Append(">link ").Append(i).Append(' ');
        }
        html.Append(string.Concat(Enumerable.Repeat("word <b>bold</b> ", 100_000)));

        PageSummary page = await ExtractAsync(html.ToString());

        // each reads up to the next link; the last one, left open, up to the cut
        Assert.Equal(Enumerable.Range(0, 4999).Select(i => $"link {i}"), page.FoundLinks!.Take(4999).Select(l => l.Text));
        Assert.Equal(Defaults.MaxLinkTextChars, page.FoundLinks![^1].Text!.Length);
        Assert.StartsWith("link 4999 word bold word", page.FoundLinks![^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void CharacterReferencesDecodeAsTheTokenizerDecodesThem()
    {
        Assert.Equal((5, '&', -1), Decode("&amp;x"));
        Assert.Equal((5, '©', -1), Decode("&copy x"));
        Assert.Equal((4, '¬', -1), Decode("&notit;"));
        Assert.Equal((-1, -1, -1), Decode("&hellip x"));
        Assert.Equal((5, 0x226B, 0x20D2), Decode("&nGt;xxx"));
        Assert.Equal((9, 0x1F600, -1), Decode("&#x1F600;"));
        Assert.Equal((5, 0x20AC, -1), Decode("&#128"));
        Assert.Equal((-1, -1, -1), Decode("&#;"));
        Assert.Equal((-1, -1, -1), Decode("&;")); // text as the standard reads it

    }

    private static (int End, int First, int Second) Decode(string text)
    {
        int end = CharacterReference.Decode(text, 0, out int first, out int second);
        return first < 0 ? (-1, -1, -1) : (end, first, second);
    }

    /// <summary>The a's text content as AngleSharp's full parse gives it, collapsed as a link's text is.</summary>
    private static string? FullParseText(string content)
    {
        var parser = new HtmlParser();
        var document = parser.ParseDocument($"<p><a href=x>{content}</a> after</p>");
        string text = document.QuerySelector("a")!.TextContent;
        string collapsed = string.Join(' ', text.Split([' ', '\t', '\n', '\r', '\f'], StringSplitOptions.RemoveEmptyEntries)).Replace("\0", "", StringComparison.Ordinal);
        return collapsed.Length == 0 ? null : collapsed;
    }

    private Task<PageSummary> ExtractAsync(string html) =>
        Task.Run(() => HtmlExtractor.Extract(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", Address, [], links: false, crawl: true, releaseBody: null, _timeout.Token));
}
