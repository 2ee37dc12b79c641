namespace WebFetch.Reports;

/// <summary>A page that links to a report's target: its URL, the link's 1-based line and column in it, and the link's text (null when it has none).</summary>
internal sealed record ReportReferrer(string Url, int Line, int Column, string? Text);
