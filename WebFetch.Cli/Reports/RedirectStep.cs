namespace WebFetch.Reports;

/// <summary>One hop of a redirect chain: the URL that was asked for and the status that sent the request on.</summary>
internal sealed record RedirectStep(string Url, int Status);
