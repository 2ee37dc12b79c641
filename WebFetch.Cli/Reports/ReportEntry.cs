namespace WebFetch.Reports;

/// <summary>
/// One URL of a crawl as the reports see it, mapped from the crawl's record: its outcome
/// (<see cref="Status"/>, or an error kind and message when it is broken), the redirect hops
/// before <see cref="FinalUrl"/> in order, and the pages that link to it (at most the crawl's
/// bound in <see cref="Referrers"/>, every occurrence counted in <see cref="ReferrersTotal"/>).
/// Every string in it came from the network and is treated by the reports as hostile.
/// </summary>
internal sealed record ReportEntry(
    string Url, int? Status, string? ErrorKind, string? ErrorMessage, string Kind, int Depth,
    bool External, string? FinalUrl, IReadOnlyList<RedirectStep> Redirects,
    IReadOnlyList<ReportReferrer> Referrers, int ReferrersTotal);
