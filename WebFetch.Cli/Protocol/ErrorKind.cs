namespace WebFetch.Protocol;

/// <summary>The documented values of <c>error.kind</c> in a result record.</summary>
internal static class ErrorKind
{
    /// <summary>The input line is not an http(s) URL as the URL Standard parses it, or one that cannot be requested; it was never fetched.</summary>
    public const string InvalidUrl = "invalid_url";

    /// <summary>The host name did not resolve.</summary>
    public const string Dns = "dns";

    /// <summary>The TCP connection was refused, reset or unreachable (also a failed proxy tunnel).</summary>
    public const string Connect = "connect";

    /// <summary>The connect timeout or the whole-request timeout elapsed.</summary>
    public const string Timeout = "timeout";

    /// <summary>The TLS handshake failed (certificate, protocol version).</summary>
    public const string Tls = "tls";

    /// <summary>The body was larger than the byte cap, counted after decompression.</summary>
    public const string TooLarge = "too_large";

    /// <summary>More redirects than allowed, a redirect loop, or a redirect to what is not an http(s) URL that can be requested.</summary>
    public const string TooManyRedirects = "too_many_redirects";

    /// <summary>The server broke HTTP: a malformed or truncated response.</summary>
    public const string Protocol = "protocol";

    /// <summary>With <c>--fail</c>: the server answered with a status of 400 or above (the response's fields are kept).</summary>
    public const string HttpStatus = "http_status";

    /// <summary>The response broke a rule of <c>--match-status</c>, <c>--fail-status</c>, <c>--match-string</c>, <c>--match-regex</c> or <c>--fail-length</c>, which the message names (the response's fields are kept).</summary>
    public const string Match = "match";

    /// <summary>The worker serving the URL died or was killed on every attempt.</summary>
    public const string WorkerLost = "worker_lost";

    /// <summary>The run was stopped (SIGINT, SIGTERM) before this URL was done: it was read but not started, or still in flight when the grace period ran out or a second SIGINT came.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>An unexpected failure inside webfetch itself; a bug worth reporting.</summary>
    public const string Internal = "internal";

    // issue 18, the crawl (wip/crawl)

    /// <summary>A crawl's link points to a fragment that the target page has no element with that id or name for.</summary>
    public const string MissingAnchor = "missing_anchor";

    /// <summary>A crawl's link that the host's robots.txt disallows: not fetched.</summary>
    public const string RobotsDisallowed = "robots_disallowed";

    // issue 19, the TLS options

    /// <summary>With <c>--cert-warn DAYS</c>: the server's certificate expires within DAYS days, or has expired (the response's fields are kept).</summary>
    public const string CertExpiring = "cert_expiring";
}
