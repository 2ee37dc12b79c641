namespace WebFetch.Crawl;

/// <summary>What <c>--scope</c> keeps inside a crawl, measured from each start URL.</summary>
internal enum ScopeKind
{
    /// <summary>The start URL's origin (scheme, host, port) and the directory of its path: <c>/docs/std/index.html</c> keeps <c>/docs/std/</c> and below.</summary>
    Prefix,

    /// <summary>The start URL's host and port, any path, http or https.</summary>
    Host,

    /// <summary>The start URL's host without a leading <c>www.</c>, and every subdomain of it, any port; an IP address is its own domain.</summary>
    Domain,
}
