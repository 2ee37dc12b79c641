using System.Text;

namespace WebFetch.Reports;

/// <summary>
/// The report of a crawl as one self-contained HTML5 file: a browser opens it with nothing to
/// load (inline style, a small inline script for filtering that the page does without, a
/// Content-Security-Policy that forbids anything else). The same three sections as
/// <see cref="TextReport"/>: broken links by target, each with its referrers (page, line:col,
/// link text); redirects worth updating; the summary. Every string from the network is
/// escaped and linked only when it is an http(s) URL (<see cref="HtmlText"/>). It is written
/// as it goes through a buffered writer: memory holds the broken and redirected entries to
/// sort them, never the page.
/// </summary>
internal sealed class HtmlReport
{
    private const int BufferChars = 1 << 16;

    private readonly TextWriter _output;

    /// <summary>The origin of the first start URL ("http://host:port"): links on it are shown as paths, the whole URL in their title.</summary>
    private readonly string? _origin;

    private HtmlReport(TextWriter output, string? origin)
    {
        _output = output;
        _origin = origin;
    }

    public static void Write(Stream output, IReadOnlyList<ReportEntry> entries, ReportSummary summary)
    {
        IReadOnlyList<ReportEntry> broken = BrokenTargets.Select(entries);
        IReadOnlyList<RedirectToUpdate> redirects = RedirectToUpdate.Select(entries);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferChars, leaveOpen: true);
        var report = new HtmlReport(writer, OriginOf(summary.StartUrls));
        report.WriteHead(summary, broken.Count);
        report.WriteHeader(summary, broken.Count, redirects.Count);
        writer.Write("<main>\n");
        report.WriteBroken(broken);
        report.WriteRedirects(redirects);
        report.WriteSummary(summary);
        writer.Write("</main>\n<footer>Written by webfetch crawl.</footer>\n<script>");
        writer.Write(HtmlReportAssets.Script);
        writer.Write("</script>\n</body>\n</html>\n");
    }

    private void WriteHead(ReportSummary summary, int broken)
    {
        _output.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        _output.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        _output.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"");
        HtmlText.Write(_output, HtmlReportAssets.ContentSecurityPolicy);
        _output.Write("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>Link check: ");
        _output.Write(broken == 0 ? "no broken links" : ReportNumbers.Count(broken) + " broken");
        if (summary.StartUrls.Count > 0)
        {
            _output.Write(" \u2014 ");
            HtmlText.Write(_output, summary.StartUrls[0]);
        }

        _output.Write("</title>\n<style>");
        _output.Write(HtmlReportAssets.Style);
        _output.Write("</style>\n</head>\n<body>\n");
    }

    private void WriteHeader(ReportSummary summary, int broken, int redirects)
    {
        _output.Write("<header>\n<h1>Link check report</h1>\n<p class=\"start\">Crawl of ");
        WriteStartUrls(summary.StartUrls);
        _output.Write("</p>\n<ul class=\"tiles\">\n");
        Tile(broken > 0 ? "bad" : "good", "#broken", ReportNumbers.Count(broken), broken == 1 ? "broken URL" : "broken URLs");
        Tile(redirects > 0 ? "warn" : "", "#redirects", ReportNumbers.Count(redirects), "redirects to update");
        Tile("", null, ReportNumbers.Count(summary.Urls), "URLs checked");
        Tile("", null, ReportNumbers.Count(summary.Pages), "pages");
        Tile("", null, ReportNumbers.Elapsed(summary.Elapsed), "elapsed");
        _output.Write("</ul>\n<p class=\"filter\" id=\"filter-box\" hidden><label for=\"filter\">Filter </label>");
        _output.Write("<input id=\"filter\" type=\"search\" placeholder=\"URL, page or link text\" autocomplete=\"off\"></p>\n</header>\n");
    }

    private void Tile(string cssClass, string? target, string value, string label)
    {
        _output.Write(cssClass.Length > 0 ? $"<li class=\"{cssClass}\">" : "<li>");
        _output.Write(target is null ? "" : $"<a href=\"{target}\">");
        _output.Write($"<strong>{value}</strong>{label}");
        _output.Write(target is null ? "</li>\n" : "</a></li>\n");
    }

    private void WriteBroken(IReadOnlyList<ReportEntry> broken)
    {
        if (!SectionStart("broken", "Broken links", broken.Count, broken.Sum(BrokenTargets.LinkCount), "No broken links."))
        {
            return;
        }

        foreach (ReportEntry entry in broken)
        {
            GroupStart(ProblemWords.IsSevere(entry) ? "bad" : "warn", ProblemWords.For(entry), entry.Url);
            WriteAbout(entry);
            if (ProblemWords.Detail(entry) is { } detail)
            {
                _output.Write("<span class=\"note\">");
                HtmlText.Write(_output, detail);
                _output.Write("</span>");
            }

            _output.Write("</th></tr>\n");
            WriteReferrers(entry);
        }

        _output.Write("</table>\n</section>\n");
    }

    private void WriteRedirects(IReadOnlyList<RedirectToUpdate> redirects)
    {
        int links = redirects.Sum(r => BrokenTargets.LinkCount(r.Entry));
        if (!SectionStart("redirects", "Redirects worth updating", redirects.Count, links, "No link leads to a permanent redirect."))
        {
            return;
        }

        foreach (RedirectToUpdate redirect in redirects)
        {
            GroupStart("warn", ProblemWords.Status(redirect.Status), redirect.Entry.Url);
            _output.Write("<span class=\"arrow\">\u2192</span>");
            HtmlText.Link(_output, redirect.Target, "url");
            WriteAbout(redirect.Entry);
            _output.Write("</th></tr>\n");
            WriteReferrers(redirect.Entry);
        }

        _output.Write("</table>\n</section>\n");
    }

    /// <summary>The section's heading with its counts, then its table's head; or, when it has nothing to list, a line saying so and its end (false).</summary>
    private bool SectionStart(string id, string title, int urls, int links, string whenEmpty)
    {
        _output.Write($"<section id=\"{id}\">\n<h2>{title} <span class=\"count\">({Counted(urls, "URL")}, {ReportNumbers.Links(links)})</span></h2>\n");
        if (urls == 0)
        {
            _output.Write($"<p class=\"empty\">{whenEmpty}</p>\n</section>\n");
            return false;
        }

        _output.Write("<table>\n<thead><tr><th class=\"page\">Linked from</th><th class=\"pos\">Line:col</th><th>Link text</th></tr></thead>\n");
        return true;
    }

    /// <summary>A target's group and its header row, up to the target's link: the caller adds to the header and closes it.</summary>
    private void GroupStart(string badgeClass, string badge, string url)
    {
        _output.Write($"<tbody>\n<tr class=\"target\"><th colspan=\"3\" scope=\"rowgroup\"><span class=\"badge {badgeClass}\">");
        HtmlText.Write(_output, badge);
        _output.Write("</span>");
        HtmlText.Link(_output, url, "url");
    }

    private void WriteSummary(ReportSummary summary)
    {
        _output.Write("<section id=\"summary\">\n<h2>Summary</h2>\n<dl>\n");
        _output.Write($"<dt>URLs checked</dt><dd>{ReportNumbers.Count(summary.Urls)}</dd>\n");
        _output.Write($"<dt>Pages</dt><dd>{ReportNumbers.Count(summary.Pages)}</dd>\n");
        _output.Write($"<dt>Broken</dt><dd>{ReportNumbers.Count(summary.Broken)}</dd>\n");
        _output.Write($"<dt>Redirected</dt><dd>{ReportNumbers.Count(summary.Redirected)}</dd>\n");
        _output.Write($"<dt>Elapsed</dt><dd>{ReportNumbers.Elapsed(summary.Elapsed)}</dd>\n<dt>Started from</dt><dd>");
        WriteStartUrls(summary.StartUrls);
        _output.Write("</dd>\n</dl>\n</section>\n");
    }

    /// <summary>One row per referrer (page, line:col, text), then a row for those the bounded list leaves out; ends the group.</summary>
    private void WriteReferrers(ReportEntry entry)
    {
        foreach (ReportReferrer referrer in entry.Referrers)
        {
            _output.Write("<tr><td class=\"page\">");
            HtmlText.Link(_output, referrer.Url, "page", Shown(referrer.Url));
            _output.Write("</td><td class=\"pos\">");
            _output.Write(ReportNumbers.Position(referrer));
            _output.Write("</td><td class=\"text\">");
            HtmlText.Write(_output, referrer.Text ?? "");
            _output.Write("</td></tr>\n");
        }

        int unlisted = entry.ReferrersTotal - entry.Referrers.Count;
        if (unlisted > 0)
        {
            _output.Write($"<tr class=\"more\"><td colspan=\"3\">\u2026 {ReportNumbers.Count(unlisted)} more {(unlisted == 1 ? "link" : "links")} not listed</td></tr>\n");
        }

        _output.Write("</tbody>\n");
    }

    private void WriteAbout(ReportEntry entry)
    {
        _output.Write("<span class=\"about\">");
        HtmlText.Write(_output, entry.Kind);
        _output.Write(entry.External ? " \u00b7 external" : "");
        int links = BrokenTargets.LinkCount(entry);
        _output.Write(links == 0 ? " \u00b7 start URL" : " \u00b7 " + ReportNumbers.Links(links));
        _output.Write("</span>");
    }

    private void WriteStartUrls(IReadOnlyList<string> startUrls)
    {
        for (int i = 0; i < startUrls.Count; i++)
        {
            _output.Write(i == 0 ? "" : ", ");
            HtmlText.Link(_output, startUrls[i], "url");
        }
    }

    /// <summary>A URL on the first start URL's origin as its path ("/docs/a.html"), any other URL whole.</summary>
    private string Shown(string url) =>
        _origin is not null && url.Length > _origin.Length && url.StartsWith(_origin, StringComparison.Ordinal) && url[_origin.Length] == '/'
            ? url[_origin.Length..]
            : url;

    private static string? OriginOf(IReadOnlyList<string> startUrls) =>
        startUrls.Count > 0 && HtmlText.IsLinkable(startUrls[0]) && Uri.TryCreate(startUrls[0], UriKind.Absolute, out Uri? start)
            ? start.GetLeftPart(UriPartial.Authority)
            : null;

    private static string Counted(int count, string noun) => $"{ReportNumbers.Count(count)} {noun}{(count == 1 ? "" : "s")}";
}
