using System.Text;
using AngleSharp.Html.Parser;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>Parsers are reused, one parse at a time each.</summary>
public sealed class HtmlParserPoolTests
{
    private static readonly Uri Address = new("http://example.test/");

    [Fact]
    public void AReturnedParserIsRentedAgainAndARentedOneIsNeverShared()
    {
        var pool = new HtmlParserPool(new HtmlParserOptions());

        HtmlParser first = pool.Rent();
        HtmlParser second = pool.Rent();
        pool.Return(first);

        Assert.NotSame(first, second);
        Assert.Same(first, pool.Rent());
    }

    [Fact(Timeout = 30_000)]
    public async Task ManyPagesParsedAtOnceEachGetTheirOwnSummary()
    {
        byte[][] pages = Enumerable.Range(0, 64)
            .Select(n => Encoding.UTF8.GetBytes(
                $"<title>page {n}</title>{string.Concat(Enumerable.Repeat("<p><a href=\"/x\">x</a></p>", n))}"))
            .ToArray();

        PageSummary[] summaries = await Task.WhenAll(pages.Select(page =>
            Task.Run(() => HtmlExtractor.Extract(page, "text/html", Address, CancellationToken.None))));

        for (int n = 0; n < pages.Length; n++)
        {
            Assert.Equal($"page {n}", summaries[n].Title);
            Assert.Equal(n, summaries[n].Links);
        }
    }
}
