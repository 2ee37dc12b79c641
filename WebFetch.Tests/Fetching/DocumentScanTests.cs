using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using WebFetch.Fetching;
using Xunit;

namespace WebFetch.Tests.Fetching;

/// <summary>The one walk over a parsed page finds what the summary needs, as a selector query would.</summary>
public sealed class DocumentScanTests
{
    [Fact]
    public void CountsOnlyAnchorsThatHaveAnHrefAndKeepsThemInOrder()
    {
        DocumentScan scan = Scan("<a href=\"/one\">1</a><a name=\"x\">no</a><p><a href=\"\">empty</a></p><A HREF=\"/three\">3</A>");

        Assert.Equal(3, scan.Links);
        Assert.Equal(["/one", "", "/three"], scan.Hrefs);
    }

    [Fact]
    public void HrefsAreLeftOutUnlessAskedFor()
    {
        DocumentScan scan = Scan("<a href=\"/one\">1</a>", collectHrefs: false);

        Assert.Equal(1, scan.Links);
        Assert.Null(scan.Hrefs);
    }

    [Fact]
    public void TemplateContentsAreNotPartOfTheDocument()
    {
        DocumentScan scan = Scan("<template><a href=\"/hidden\">x</a><base href=\"https://t.test/\"></template><a href=\"/shown\">y</a>");

        Assert.Equal(["/shown"], scan.Hrefs);
        Assert.Null(scan.BaseHref);
    }

    [Fact]
    public void TheFirstCanonicalLinkAndTheFirstBaseWithAnHrefWin()
    {
        DocumentScan scan = Scan(
            "<head><base target=\"_top\"><base href=\"https://one.test/\"><base href=\"https://two.test/\">"
            + "<link rel=\"stylesheet\" href=\"/s.css\"><link rel=\"alternate CANONICAL\" href=\"/first\">"
            + "<link rel=\"canonical\" href=\"/second\"></head>");

        Assert.Equal("/first", scan.CanonicalHref);
        Assert.Equal("https://one.test/", scan.BaseHref);
    }

    [Fact]
    public void ACanonicalLinkWithoutAnHrefIsPassedOver()
    {
        DocumentScan scan = Scan("<link rel=\"canonical\"><link rel=\"canonical\" href=\"/real\">");

        Assert.Equal("/real", scan.CanonicalHref);
    }

    private static DocumentScan Scan(string html, bool collectHrefs = true)
    {
        IHtmlDocument document = new HtmlParser().ParseDocument(html);
        return DocumentScan.Walk(document, collectHrefs);
    }
}
