using System.Text.Json.Serialization;

namespace WebFetch.Fetching;

/// <summary>How a worker fetches: limits, identity, retries and extras. Chosen by the parent, handed to every worker.</summary>
internal sealed record FetchOptions
{
    /// <summary>Whole-request timeout of one attempt: connect, redirects, headers and body.</summary>
    public TimeSpan Timeout { get; init; } = Defaults.Timeout;
    public TimeSpan ConnectTimeout { get; init; } = Defaults.ConnectTimeout;
    public long MaxBytes { get; init; } = Defaults.MaxBytes;
    public int MaxRedirects { get; init; } = Defaults.MaxRedirects;
    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>Retries after a transient failure (connect error, timeout, 408, 429, 502, 503, 504).</summary>
    public int Retries { get; init; } = Defaults.Retries;

    /// <summary>Extra request headers, already validated by the parent.</summary>
    public IReadOnlyList<HeaderField> Headers { get; init; } = [];

    /// <summary>An explicit proxy; null uses HTTP_PROXY, HTTPS_PROXY and NO_PROXY.</summary>
    public string? Proxy { get; init; }

    /// <summary>Skip TLS certificate verification.</summary>
    public bool Insecure { get; init; }

    /// <summary>The <c>--select</c> selections, already validated by the parent.</summary>
    public IReadOnlyList<SelectorSpec> Selectors { get; init; } = [];

    /// <summary>Whether the record lists the page's link URLs.</summary>
    public bool Links { get; init; }

    /// <summary><c>--fail</c>: a final status of 400 or above is an error (<see cref="Protocol.ErrorKind.HttpStatus"/>), as curl's --fail makes it one.</summary>
    public bool FailOnHttpError { get; init; }

    // Issue 18, the crawl's fetch modes.

    /// <summary>
    /// The fetch is part of a crawl: the record carries <see cref="Protocol.FetchResult.RedirectChain"/>,
    /// and <c>found_links</c> (every kind of link, with its line, column, kind and text) and
    /// <c>anchors</c> for HTML pages, CSS files and XML sitemaps. Independent of <see cref="Links"/>.
    /// </summary>
    public bool Crawl { get; init; }

    /// <summary>
    /// Check the URL without downloading it: a HEAD request, or a GET whose body is never read
    /// when the server refuses HEAD (<see cref="CheckRequest"/>). Nothing is parsed.
    /// </summary>
    public bool CheckOnly { get; init; }

    /// <summary>
    /// The record carries the first this many bytes of the body as text (<see cref="BodyCapture"/>),
    /// whatever its type; 0: no body in the record. At most <see cref="Defaults.MaxCaptureBodyBytes"/>.
    /// </summary>
    public int CaptureBodyBytes { get; init; }

    // Issue 19, the match rules (MatchRules) and redirects recorded without following them.

    /// <summary><c>--match-status</c>: the final statuses that pass (<see cref="StatusSet"/>); null: any.</summary>
    public string? MatchStatus { get; init; }

    /// <summary><c>--fail-status</c>: the final statuses that fail (<see cref="StatusSet"/>); null: none.</summary>
    public string? FailStatus { get; init; }

    /// <summary><c>--match-string</c>: text the decoded body must contain; null: no such rule.</summary>
    public string? MatchString { get; init; }

    /// <summary><c>--match-regex</c>: a regular expression the decoded body must match (linear time); null: no such rule.</summary>
    public string? MatchRegex { get; init; }

    /// <summary><c>--fail-length</c>: the body lengths that fail (<see cref="LengthRange"/>); null: none.</summary>
    public string? FailLength { get; init; }

    // Issue 19, facts about each response.

    /// <summary><c>--fields</c>: the facts about each response the record carries besides today's fields; none by default.</summary>
    public ResponseFields Fields { get; init; }

    /// <summary><c>--header-out</c>: the only response headers the record carries, by name; empty: all of them (with <see cref="ResponseFields.Headers"/>).</summary>
    public IReadOnlyList<string> HeaderOut { get; init; } = [];

    // Issue 19, the TLS options (Tls/ClientTls).

    /// <summary><c>--cacert</c>: a PEM file of the CA certificates that server certificates must chain to, instead of the system's; null: the system's.</summary>
    public string? CaCertFile { get; init; }

    /// <summary><c>--cert</c>: a PEM (or PKCS#12) file of the client certificate, and its key unless <see cref="ClientKeyFile"/> is given; null: none.</summary>
    public string? ClientCertFile { get; init; }

    /// <summary><c>--key</c>: a PEM file of the client certificate's private key, unencrypted; null: in <see cref="ClientCertFile"/>.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary><c>--cert-warn</c>: a server certificate that expires within this many days makes the record an error of kind <see cref="Protocol.ErrorKind.CertExpiring"/>; null: no such check.</summary>
    public int? CertWarnDays { get; init; }

    /// <summary>
    /// The most one URL can take in a worker: every attempt its full timeout, every retry the
    /// longest wait. The supervisor's busy limit and the worker's drain time derive from it.
    /// </summary>
    [JsonIgnore]
    public TimeSpan TotalBudget => Timeout * (Retries + 1) + Timings.RetryMaxWait * Retries;

    /// <summary><c>webfetch/</c> and the version <c>--version</c> shows, without its build metadata.</summary>
    public static readonly string DefaultUserAgent = "webfetch/" + typeof(FetchOptions).Assembly.GetName().Version!.ToString(3);

    /// <summary>
    /// With <see cref="Crawl"/>, for a page whose links the crawl will not follow (at its
    /// <c>--depth</c>): its anchors as with <see cref="Crawl"/>, its links only counted
    /// (<see cref="Protocol.FetchResult.LinksCounted"/>), neither resolved nor sent.
    /// </summary>
    public bool CountLinksOnly { get; init; }

    /// <summary>
    /// With <see cref="Crawl"/>: a link from the page to one of its own anchors (the URL it was
    /// asked for, and a fragment it has as an id or a[name], or an empty one or <c>top</c>:
    /// <see cref="Urls.Fragments"/>) is checked where the page is parsed and left out of
    /// <c>found_links</c>: the crawl would do nothing with it, and on documentation sites such
    /// links are a large part of all (issue 18). Off when <c>--ignore-anchor</c> must count them.
    /// </summary>
    public bool CheckOwnAnchors { get; init; }

    /// <summary>
    /// With <see cref="Crawl"/>, for <c>--no-external</c>: the hosts of the crawl's scope (with
    /// <see cref="ScopeDomains"/>, their domains). A link the page writes as an absolute URL
    /// surely outside them (<see cref="Urls.ScopeHosts.SurelyOutside"/>) is left out of
    /// <c>found_links</c> before it is resolved: the crawl would pass it over unchecked, and a
    /// documentation page can hold hundreds (playground links with a whole example in the query).
    /// </summary>
    public IReadOnlyList<string>? ScopeHosts { get; init; }

    /// <summary>Whether <see cref="ScopeHosts"/> are domains, each with every host within it (<c>--scope domain</c>).</summary>
    public bool ScopeDomains { get; init; }
}
