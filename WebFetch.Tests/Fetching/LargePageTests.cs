using System.Text;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>Pages large enough that their text goes to the large-text pool or to unmanaged memory.</summary>
public sealed class LargePageTests
{
    private static readonly Uri Address = new("http://127.0.0.1/large");

    [Theory]
    [InlineData(HtmlExtractor.PooledTextChars + 1000)]
    [InlineData(HtmlExtractor.LargeTextChars + 1000)]
    public void ALargePageIsReadWholeWhicheverBufferItsTextGoesTo(int size)
    {
        byte[] body = Page("<title>Größe</title>", size, "<a href=/last>last</a>");
        int released = 0;

        // The Content-Type's charset is final: the bytes can go before the parse.
        PageSummary page = HtmlExtractor.Extract(body, "text/html; charset=utf-8", Address, [], links: true, () => released++, CancellationToken.None);

        Assert.Equal("Größe", page.Title);
        Assert.Equal(1, page.Links);
        Assert.Equal(["http://127.0.0.1/last"], page.LinkUrls);
        Assert.Equal(1, released);
    }

    /// <summary>
    /// Read as UTF-8 first (valid UTF-8, no charset before the meta prescan's end), then again
    /// as the late meta says: the bytes are given up only after that second read.
    /// </summary>
    [Fact]
    public void ABodyIsGivenUpOnlyAfterItsLastDecode()
    {
        string filler = new(' ', 2000);
        byte[] body = Page($"<title>Größe</title>{filler}<meta charset=windows-1252>", HtmlExtractor.LargeTextChars + 1000, "");
        int released = 0;

        PageSummary page = HtmlExtractor.Extract(body, "text/html", Address, [], links: false, () =>
        {
            released++;
            body.AsSpan().Fill((byte)'X'); // what a read after this would see
        }, CancellationToken.None);

        Assert.Equal("windows-1252", page.Charset);
        Assert.Equal("GrÃ¶ÃŸe", page.Title);
        Assert.Equal(1, released);
    }

    /// <summary>The head, ASCII filler up to <paramref name="size"/> bytes, then the tail.</summary>
    private static byte[] Page(string head, int size, string tail)
    {
        byte[] start = Encoding.UTF8.GetBytes("<!doctype html><html><head>" + head + "</head><body><p>");
        byte[] end = Encoding.UTF8.GetBytes(tail + "</body></html>");
        byte[] body = new byte[size];
        body.AsSpan().Fill((byte)'x');
        start.CopyTo(body, 0);
        end.CopyTo(body, size - end.Length);
        return body;
    }
}
