using Serilog;
using WebFetch.Crawl;
using WebFetch.Reports;

namespace WebFetch.Cli;

/// <summary>
/// A crawl's report for a person: on stderr at the end when it is a terminal (and not
/// <c>--quiet</c>), and in the <c>--report</c> file, HTML when it is named .html, else text.
/// </summary>
internal sealed class CrawlReportOutput(string? file, bool quiet)
{
    /// <summary>Fails before anything starts when the report file cannot be written.</summary>
    public void Check()
    {
        if (file is null)
        {
            return;
        }
        try
        {
            using var probe = new FileStream(file, FileMode.Create, FileAccess.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Output.OutputFileException($"cannot write report file '{file}': {e.Message}", e);
        }
    }

    public void Write(IReadOnlyList<ReportEntry> entries, ReportSummary summary, bool color)
    {
        if (!quiet && !Console.IsErrorRedirected)
        {
            Console.Error.Flush();
            TextReport.Write(Console.Error, entries, summary, color);
            Console.Error.Flush();
        }
        if (file is null)
        {
            return;
        }
        try
        {
            using var stream = new FileStream(file, FileMode.Create, FileAccess.Write);
            if (file.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            {
                HtmlReport.Write(stream, entries, summary);
            }
            else
            {
                using var text = new StreamWriter(stream);
                TextReport.Write(text, entries, summary, color: false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Error("cannot write report file '{File}': {Reason}", file, e.Message);
        }
    }
}
