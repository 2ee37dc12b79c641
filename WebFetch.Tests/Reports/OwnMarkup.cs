using AngleSharp.Dom;
using WebFetch.Reports;
using Xunit;

namespace WebFetch.Tests.Reports;

/// <summary>What a report's document may hold: the elements the report writes itself, its one script, no event attribute, links only within it or to http URLs of the samples.</summary>
internal static class OwnMarkup
{
    private static readonly HashSet<string> Elements =
    [
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "ul", "li", "a", "strong", "label", "input",
        "main", "section", "table", "thead", "tbody", "tr", "th", "td", "span", "dl", "dt", "dd", "footer", "script",
    ];

    public static void AssertNothingElseIn(IDocument document)
    {
        Assert.Equal(HtmlReportAssets.Script, Assert.Single(document.Scripts).Text);
        Assert.Single(document.QuerySelectorAll("style"));
        Assert.All(document.All, element => Assert.Contains(element.LocalName, Elements));
        Assert.All(document.All, element => Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.All(document.QuerySelectorAll("a[href]"), a => Assert.Matches("^(#[a-z]+|http://127\\.0\\.0\\.1(:[0-9]+)?/.*)$", a.GetAttribute("href")!));
    }
}
