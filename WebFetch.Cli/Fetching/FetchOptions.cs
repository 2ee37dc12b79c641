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

    /// <summary>
    /// The most one URL can take in a worker: every attempt its full timeout, every retry the
    /// longest wait. The supervisor's busy limit and the worker's drain time derive from it.
    /// </summary>
    [JsonIgnore]
    public TimeSpan TotalBudget => Timeout * (Retries + 1) + Timings.RetryMaxWait * Retries;

    // Link discovery for a crawl (issue 18).

    /// <summary>
    /// Whether the record carries <c>found_links</c> (every kind of link, with its line, column,
    /// kind and text) and <c>anchors</c>, for HTML pages, CSS files and XML sitemaps. Independent
    /// of <see cref="Links"/>.
    /// </summary>
    public bool Crawl { get; init; }

    // issue 18, the crawl (wip/crawl's copy of the contract's names; wip/fetchmodes owns them)

    /// <summary>HEAD (GET, headers only, when refused): status and headers, no body read, no parse.</summary>
    public bool CheckOnly { get; init; }

    /// <summary>Bytes of the body the record carries in <c>body</c>; 0 is none.</summary>
    public int CaptureBodyBytes { get; init; }

    /// <summary><c>webfetch/</c> and the version <c>--version</c> shows, without its build metadata.</summary>
    public static readonly string DefaultUserAgent = "webfetch/" + typeof(FetchOptions).Assembly.GetName().Version!.ToString(3);
}
