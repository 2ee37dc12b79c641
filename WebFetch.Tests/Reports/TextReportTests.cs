using WebFetch.Reports;
using Xunit;
using static WebFetch.Tests.Reports.ReportSamples;

namespace WebFetch.Tests.Reports;

public sealed class TextReportTests
{
    [Fact]
    public void BrokenTargetsComeFirstTheMostLinkedFirstThenTheRedirectsThenTheSummary()
    {
        string[] lines = Lines(Report(SampleCrawl()));

        string[] headings = [.. lines.Where(l => l.Length > 0 && !l.StartsWith(' '))];
        Assert.Equal(
        [
            "Broken links: 8 URLs, 34 links to them",
            $"404 Not Found  {Site}/img/logo.png  (image, 25 links)",
            $"404 Not Found  {Site}/missing.html  (page, 3 links)",
            $"500 Internal Server Error  {Site}/crash  (page, 1 link)",
            $"404 Not Found  {Site}/gone-for-good  (page, 1 link)",
            $"missing anchor  {Site}/guide.html#nope  (page, 1 link)",
            $"disallowed by robots.txt  {Site}/private/  (page, 1 link)",
            $"404 Not Found  {Site}/theme.css  (stylesheet, 1 link)",
            "connection failed  http://127.0.0.1:9/closed.html  (page, external, 1 link)",
            "Redirects worth updating: 2 URLs, 3 links to them",
            "308 Permanent Redirect  http://127.0.0.1:8081/moved  (page, external, 2 links)",
            $"301 Moved Permanently  {Site}/old.html  (page, 1 link)",
            "Summary",
        ], headings);
    }

    [Fact]
    public void EveryPageThatLinksToABrokenTargetIsListedWithLineColumnAndText()
    {
        string report = Report(SampleCrawl());

        Assert.Contains(
            $"404 Not Found  {Site}/missing.html  (page, 3 links)\n"
            + $"  {Site}/:12:5  \"Missing page\"\n"
            + $"  {Site}/guide.html:40:9  \"here\"\n"
            + $"  {Site}/about.html:7:3\n\n",
            report, StringComparison.Ordinal);
    }

    [Fact]
    public void AnErrorsMessageIsANoteAndTheLinksTheBoundedListLeavesOutAreCounted()
    {
        string report = Report(SampleCrawl());

        Assert.Contains(
            $"missing anchor  {Site}/guide.html#nope  (page, 1 link)\n"
            + "  note: /guide.html has no element with id or name \"nope\"\n"
            + $"  {Site}/:20:7  \"see the section\"\n",
            report, StringComparison.Ordinal);
        Assert.Contains($"  {Site}/blog/post-10.html:3:20  \"Example logo\"\n  ... 15 more links not listed\n", report, StringComparison.Ordinal);
        Assert.DoesNotContain("the server answered", report, StringComparison.Ordinal);
    }

    [Fact]
    public void APermanentRedirectSaysWhereTheLinkShouldPointAndNeitherATemporaryNorABrokenOneIsListed()
    {
        string report = Report(SampleCrawl());

        Assert.Contains(
            $"301 Moved Permanently  {Site}/old.html  (page, 1 link)\n  update to {Site}/new.html\n  {Site}/:8:3  \"old page\"\n",
            report, StringComparison.Ordinal);
        Assert.DoesNotContain("/later", report, StringComparison.Ordinal);
        Assert.DoesNotContain("update to " + Site + "/nowhere", report, StringComparison.Ordinal);
    }

    [Fact]
    public void ALinkIsUpdatedToWhereThePermanentHopsLeadNotPastATemporaryOne()
    {
        ReportEntry entry = Redirected(Site + "/a", Site + "/d",
            [new(Site + "/a", 301), new(Site + "/b", 308), new(Site + "/c", 302)], From("/", 1, 1));

        string report = Report([entry]);

        Assert.Contains($"  update to {Site}/c\n", report, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSummaryGivesTheCountsTheTimeAndTheStartUrls()
    {
        var summary = new ReportSummary(12345, 678, 9, 10, TimeSpan.FromSeconds(125), [Site + "/", Site + "/other/"]);
        string report = Write([], summary, color: false);

        Assert.EndsWith(
            "Summary\n  URLs checked  12,345\n  pages         678\n  broken        9\n  redirected    10\n  elapsed       2 min 05 s\n"
            + $"  started from  {Site}/\n  started from  {Site}/other/\n",
            report, StringComparison.Ordinal);
    }

    [Fact]
    public void ACrawlWithNothingBrokenSaysSo()
    {
        string report = Report([Ok(Site + "/")]);

        Assert.StartsWith("Broken links: none\n\nRedirects worth updating: none\n\nSummary\n", report, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutColourThereIsNoEscapeSequenceAndWithColourTheProblemsAreRed()
    {
        string plain = Report(SampleCrawl());
        string coloured = Write(SampleCrawl(), SummaryOf(SampleCrawl()), color: true);

        Assert.DoesNotContain('\u001b', plain);
        Assert.Contains("\u001b[1;31m404 Not Found\u001b[0m", coloured, StringComparison.Ordinal);
        Assert.Contains("\u001b[33mmissing anchor\u001b[0m", coloured, StringComparison.Ordinal);
        Assert.Equal(plain, System.Text.RegularExpressions.Regex.Replace(coloured, "\u001b\\[[0-9;]*m", ""));
    }

    [Fact]
    public void EscapeSequencesAndBidiControlsFromAPageAreShownNotObeyed()
    {
        ReportEntry hostile = Status(Site + "/\u001b[2Jx", 404, "page",
            new ReportReferrer(Site + "/p\u009b1m", 1, 1, "\u001b]0;owned\u0007 click \u202eexe.txt"));

        string report = Report([hostile]);

        Assert.Contains($"{Site}/\\x1b[2Jx", report, StringComparison.Ordinal);
        Assert.Contains($"{Site}/p\\x9b1m:1:1  \"\\x1b]0;owned\\x07 click \\u202eexe.txt\"", report, StringComparison.Ordinal);
        Assert.DoesNotContain(report, c => char.IsControl(c) && c != '\n');
        Assert.DoesNotContain('\u202e', report);
    }

    private static string Report(IReadOnlyList<ReportEntry> entries) => Write(entries, SummaryOf(entries), color: false);

    private static string Write(IReadOnlyList<ReportEntry> entries, ReportSummary summary, bool color)
    {
        var output = new StringWriter { NewLine = "\n" };
        TextReport.Write(output, entries, summary, color);
        return output.ToString();
    }

    private static string[] Lines(string report) => report.Split('\n');
}
