namespace WebFetch.Reports;

/// <summary>The totals of a crawl that close its report: URLs checked, pages parsed, broken and redirected URLs, the time it took and where it started.</summary>
internal sealed record ReportSummary(int Urls, int Pages, int Broken, int Redirected,
    TimeSpan Elapsed, IReadOnlyList<string> StartUrls);
