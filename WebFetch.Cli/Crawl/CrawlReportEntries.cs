using WebFetch.Protocol;
using WebFetch.Reports;

namespace WebFetch.Crawl;

/// <summary>
/// What the reports need of a crawl's records, gathered as they are written: the entries of
/// the broken links and of the redirected ones (<see cref="ReportEntry"/>), and counts of the
/// rest, so a crawl of a million OK pages keeps nothing of them. Thread-safe.
/// </summary>
internal sealed class CrawlReportEntries
{
    private readonly Lock _gate = new();
    private readonly List<ReportEntry> _entries = [];
    private int _urls;
    private int _pages;
    private int _broken;
    private int _redirected;

    public void Add(FetchResult record)
    {
        bool redirected = record.RedirectChain is { Count: > 0 };
        lock (_gate)
        {
            _urls++;
            _pages += record.Kind == LinkKinds.Page && record.External != true && record.Error is null ? 1 : 0;
            _broken += record.Error is not null ? 1 : 0;
            _redirected += redirected ? 1 : 0;
            if (record.Error is not null || redirected)
            {
                _entries.Add(EntryOf(record));
            }
        }
    }

    /// <summary>The entries kept, and the summary of the crawl.</summary>
    public (IReadOnlyList<ReportEntry> Entries, ReportSummary Summary) Take(TimeSpan elapsed, IReadOnlyList<string> starts)
    {
        lock (_gate)
        {
            return ([.. _entries], new ReportSummary(_urls, _pages, _broken, _redirected, elapsed, starts));
        }
    }

    /// <summary>A crawl record as the reports see it.</summary>
    public static ReportEntry EntryOf(FetchResult record) => new(
        record.Url, record.Status, record.Error?.Kind, record.Error?.Message, record.Kind ?? LinkKinds.Page, record.Depth ?? 0,
        record.External == true, record.FinalUrl,
        [.. (record.RedirectChain ?? []).Select(hop => new RedirectStep(hop.Url, hop.Status))],
        [.. (record.Referrers ?? []).Select(r => new ReportReferrer(r.Url, r.Line, r.Col, r.Text))],
        record.ReferrersTotal ?? 0);
}
