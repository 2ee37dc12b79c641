using System.Buffers.Binary;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using WebFetch.Reports;
using Xunit;
using static WebFetch.Tests.Reports.ReportSamples;

namespace WebFetch.Tests.Reports;

/// <summary>The HTML report opened in a real browser, Debian's chromium, headless: what it renders and how it looks.</summary>
public sealed class HtmlReportInBrowserTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("webfetch-report-").FullName;
    private readonly HeadlessChromium _chromium = new();

    [ChromiumFact(Timeout = 120_000)]
    public async Task ChromiumRendersARowPerReferrerHostileTextAsTextAndRunsTheFilterScriptThePolicyAllows()
    {
        string report = WriteReport([.. SampleCrawl(), .. Hostile()]);

        string dom = await _chromium.DumpDomAsync(report, CancellationToken.None);

        IDocument document = new HtmlParser().ParseDocument(dom);
        Assert.Equal(8 + 2 * HostileTexts.Length, document.QuerySelectorAll("#broken tbody").Length);
        Assert.Equal(2 + HostileTexts.Length, document.QuerySelectorAll("#redirects tbody").Length);
        Assert.Equal(
            ["/", "12:5", "Missing page"],
            document.QuerySelectorAll("#broken tbody")[1].QuerySelectorAll("td").Take(3).Select(td => td.TextContent));
        OwnMarkup.AssertNothingElseIn(document);
        Assert.All(HostileTexts, text => Assert.Contains(text, document.Body!.TextContent, StringComparison.Ordinal));
        Assert.False(document.GetElementById("filter-box")!.HasAttribute("hidden"), "the filter script did not run: the policy's hash does not match it");
    }

    [ChromiumFact(Timeout = 120_000)]
    public async Task ChromiumTakesAScreenshotOfTheReportOnADesktopAndOnAPhone()
    {
        string report = WriteReport(SampleCrawl());
        string desktop = Path.Combine(_directory, "desktop.png");
        string phone = Path.Combine(_directory, "phone.png");

        await _chromium.ScreenshotAsync(report, desktop, 1280, 2000, CancellationToken.None);
        await _chromium.ScreenshotAsync(report, phone, 390, 1800, CancellationToken.None);

        Assert.Equal((1280, 2000), PngSize(desktop));
        Assert.Equal((390, 1800), PngSize(phone));
    }

    public void Dispose()
    {
        _chromium.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string WriteReport(IReadOnlyList<ReportEntry> entries)
    {
        string path = Path.Combine(_directory, "report.html");
        using (FileStream file = File.Create(path))
        {
            HtmlReport.Write(file, entries, SummaryOf(entries));
        }

        return path;
    }

    /// <summary>The width and height in a PNG's header chunk, after checking its signature.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] head = File.ReadAllBytes(path)[..24];
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], head[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(20)));
    }
}
