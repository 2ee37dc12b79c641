namespace WebFetch.Protocol;

/// <summary>
/// One redirect on the way to a record's final URL: the URL that was requested and the
/// redirect status it answered with (301, 302, 303, 307 or 308). A record's
/// <see cref="FetchResult.RedirectChain"/> lists them in the order they were followed.
/// </summary>
internal sealed record RedirectHop(string Url, int Status);
