using WebFetch.Text;

namespace WebFetch.Reports;

/// <summary>
/// The report of a crawl for a person at a terminal (or in a .txt file): the broken links
/// grouped by target, the targets most pages link to first, each with every page, line and
/// column that links to it; then the redirects worth updating; then the summary. One item a
/// line, never wrapped, so it reads like a linter's output and greps well. ANSI colour only
/// when the caller asks (a terminal, NO_COLOR unset); text from the network is written with
/// its control characters escaped (<see cref="TerminalText"/>).
/// </summary>
internal static class TextReport
{
    private const string Indent = "  ";

    public static void Write(TextWriter output, IReadOnlyList<ReportEntry> entries, ReportSummary summary, bool color)
    {
        var ansi = new Ansi(color);
        WriteBroken(output, BrokenTargets.Select(entries), ansi);
        WriteRedirects(output, RedirectToUpdate.Select(entries), ansi);
        WriteSummary(output, summary, ansi);
    }

    private static void WriteBroken(TextWriter output, IReadOnlyList<ReportEntry> broken, Ansi ansi)
    {
        output.WriteLine(ansi.Bold("Broken links: " + Heading(broken.Count, broken.Sum(BrokenTargets.LinkCount))));
        foreach (ReportEntry entry in broken)
        {
            output.WriteLine();
            string problem = ProblemWords.For(entry);
            output.WriteLine($"{(ProblemWords.IsSevere(entry) ? ansi.Red(problem) : ansi.Yellow(problem))}  {ansi.Bold(TerminalText.Safe(entry.Url))}  {ansi.Dim(About(entry))}");
            if (ProblemWords.Detail(entry) is { } detail)
            {
                output.WriteLine(Indent + ansi.Dim("note: " + TerminalText.Safe(detail)));
            }

            WriteReferrers(output, entry, ansi);
        }
    }

    private static void WriteRedirects(TextWriter output, IReadOnlyList<RedirectToUpdate> redirects, Ansi ansi)
    {
        output.WriteLine();
        output.WriteLine(ansi.Bold("Redirects worth updating: " + Heading(redirects.Count, redirects.Sum(r => BrokenTargets.LinkCount(r.Entry)))));
        foreach (RedirectToUpdate redirect in redirects)
        {
            output.WriteLine();
            string status = ProblemWords.Status(redirect.Status);
            output.WriteLine($"{ansi.Yellow(status)}  {ansi.Bold(TerminalText.Safe(redirect.Entry.Url))}  {ansi.Dim(About(redirect.Entry))}");
            output.WriteLine(Indent + "update to " + ansi.Bold(TerminalText.Safe(redirect.Target)));
            WriteReferrers(output, redirect.Entry, ansi);
        }
    }

    private static void WriteSummary(TextWriter output, ReportSummary summary, Ansi ansi)
    {
        output.WriteLine();
        output.WriteLine(ansi.Bold("Summary"));
        string broken = ReportNumbers.Count(summary.Broken);
        output.WriteLine($"{Indent}URLs checked  {ReportNumbers.Count(summary.Urls)}");
        output.WriteLine($"{Indent}pages         {ReportNumbers.Count(summary.Pages)}");
        output.WriteLine($"{Indent}broken        {(summary.Broken > 0 ? ansi.Red(broken) : broken)}");
        output.WriteLine($"{Indent}redirected    {ReportNumbers.Count(summary.Redirected)}");
        output.WriteLine($"{Indent}elapsed       {ReportNumbers.Elapsed(summary.Elapsed)}");
        foreach (string start in summary.StartUrls)
        {
            output.WriteLine($"{Indent}started from  {TerminalText.Safe(start)}");
        }
    }

    /// <summary>Each referrer as <c>page:line:col  "text"</c>, then how many links the bounded list leaves out.</summary>
    private static void WriteReferrers(TextWriter output, ReportEntry entry, Ansi ansi)
    {
        foreach (ReportReferrer referrer in entry.Referrers)
        {
            string location = TerminalText.Safe(referrer.Url) + ":" + ReportNumbers.Position(referrer);
            string text = referrer.Text is { Length: > 0 } t ? "  \"" + TerminalText.Safe(t) + "\"" : "";
            output.WriteLine(Indent + ansi.Cyan(location) + text);
        }

        int unlisted = entry.ReferrersTotal - entry.Referrers.Count;
        if (unlisted > 0)
        {
            output.WriteLine(Indent + ansi.Dim($"... {ReportNumbers.Count(unlisted)} more {(unlisted == 1 ? "link" : "links")} not listed"));
        }
    }

    /// <summary>"none", or "3 URLs, 9 links to them".</summary>
    private static string Heading(int urls, int links) =>
        urls == 0 ? "none" : $"{ReportNumbers.Count(urls)} {(urls == 1 ? "URL" : "URLs")}, {ReportNumbers.Links(links)} to {(urls == 1 ? "it" : "them")}";

    /// <summary>"(image, external, 3 links)", or "(page, start URL)" for a URL no page links to.</summary>
    private static string About(ReportEntry entry)
    {
        int links = BrokenTargets.LinkCount(entry);
        string kind = TerminalText.Safe(entry.Kind) + (entry.External ? ", external" : "");
        return links == 0 ? $"({kind}, start URL)" : $"({kind}, {ReportNumbers.Links(links)})";
    }
}
