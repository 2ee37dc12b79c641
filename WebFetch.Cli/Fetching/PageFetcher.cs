using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using Serilog;
using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Fetching;

/// <summary>
/// Fetches one URL and summarises it. One instance per worker holds one long-lived
/// HttpClient, so connections are pooled across URLs. Redirects are followed here rather
/// than by the handler, so the record can count them, name the final URL and tell a loop
/// from an answer. Transient failures are retried here too (<see cref="RetryPolicy"/>).
/// </summary>
/// <remarks>
/// Time: each attempt (redirects, headers and body) has <see cref="FetchOptions.Timeout"/>;
/// a retry starts a new attempt at the hop that failed. All attempts and waits together are
/// bounded by <see cref="FetchOptions.TotalBudget"/>, so a server that trickles bytes or
/// never answers cannot hold a worker longer than that.
/// </remarks>
internal sealed class PageFetcher : IDisposable
{
    /// <summary>
    /// Extra headers that carry credentials for the server: sent only to the origin (scheme,
    /// host and port) of the URL as given, never to the origin a redirect leads to, as curl
    /// does. (Proxy-Authorization is for the proxy, which every hop goes through: it stays.)
    /// </summary>
    private static readonly string[] CredentialHeaders = ["Authorization", "Cookie"];

    private readonly HttpClient _client;
    private readonly FetchOptions _options;
    private readonly HeaderField[] _credentials;
    private readonly bool _hasAuthorization;
    private readonly LargePageGate _largePages = new();
    private readonly MemoryBudget _memory;

    /// <param name="options">The fetch settings.</param>
    /// <param name="budget">The descriptors its connections may hold, idle ones included; none: no limit.</param>
    public PageFetcher(FetchOptions options, DescriptorBudget? budget = null)
    {
        CodePages.Register();
        _options = options;
        var handler = new PooledConnections(
            budget ?? new DescriptorBudget(DescriptorBudget.Unlimited, 1),
            (connect, idle) => CreateHandler(options, connect, idle));
        _memory = new MemoryBudget(MemoryBudget.ForPages(options.MaxBytes, keepsText: options.Selectors.Count > 0));
        try
        {
            _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            if (!options.Headers.Any(h => h.Name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)))
            {
                _client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
            }
            if (!options.Headers.Any(h => h.Name.Equals("Accept", StringComparison.OrdinalIgnoreCase)))
            {
                _client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
            }
            _credentials = [.. options.Headers.Where(IsCredential)];
            _hasAuthorization = options.Headers.Any(h => h.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
            foreach (HeaderField header in options.Headers.Where(h => !IsCredential(h)))
            {
                _client.DefaultRequestHeaders.TryAddWithoutValidation(header.Name, header.Value);
            }
        }
        catch
        {
            handler.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The memory the pages this fetcher reads at once share (<see cref="MemoryBudget"/>): one
    /// fetcher a worker, so one budget a worker, whatever its concurrency.
    /// </summary>
    internal MemoryBudget Memory => _memory;

    /// <summary>Fetches a URL given as a System.Uri, parsed again as the URL Standard parses its text.</summary>
    public Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken) =>
        WebUrl.TryParse(url.OriginalString, out WebUrl? parsed, out string? problem)
            ? FetchAsync(parsed, cancellationToken)
            : Task.FromResult(FetchResult.Failed(url.OriginalString, ErrorKind.InvalidUrl, problem));

    public async Task<FetchResult> FetchAsync(WebUrl url, CancellationToken cancellationToken)
    {
        if (!RequestUri.TryCreate(url, out _, out string? problem))
        {
            return FetchResult.Failed(url.Href, ErrorKind.InvalidUrl, problem);
        }
        var result = new FetchResult { Url = url.Href, FinalUrl = url.RequestUrl, Attempts = 1 };
        long started = Stopwatch.GetTimestamp();
        TimeSpan budget = _options.TotalBudget;
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(budget);
        var current = new StrongBox<WebUrl>(url); // the hop an attempt starts from; a retry resumes there
        int retries = 0;
        int gaveWay = 0;
        while (true)
        {
            TimeSpan remaining = budget - Stopwatch.GetElapsedTime(started);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
            attempt.CancelAfter(remaining < _options.Timeout ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) : _options.Timeout);
            TimeSpan? wait;
            bool gaveWayNow = false;
            try
            {
                wait = await AttemptAsync(result, url, current, retries, started, attempt.Token).ConfigureAwait(false);
                if (wait is null)
                {
                    break;
                }
            }
            catch (MemoryBudgetException e) when (e.Contended && !cancellationToken.IsCancellationRequested)
            {
                // The page gave way to others of this worker that held the memory budget and
                // waited on each other (see MemoryBudget). Not the server's doing: another
                // attempt, soon and not counted among the retries, until the URL's time is up.
                gaveWay++;
                gaveWayNow = true;
                wait = Timings.GiveWayWait;
                Log.Debug("{Url}: {Reason}; reading it again in {Wait} ms", url.RequestUrl, e.Message, (long)wait.Value.TotalMilliseconds);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                bool timedOut = attempt.IsCancellationRequested;
                wait = RetryPolicy.IsTransient(e, timedOut)
                    ? RetryPolicy.PlanWait(retries, _options.Retries, null, budget - Stopwatch.GetElapsedTime(started))
                    : null;
                if (wait is null)
                {
                    result.Error = timedOut && e is not ParseTimeoutException
                        ? new FetchError(ErrorKind.Timeout, TimeoutMessage(overall.IsCancellationRequested, retries))
                        : FailureClassifier.Classify(e, timedOut: false);
                    if (e is BodyTooLargeException tooLarge)
                    {
                        result.Length = tooLarge.BytesRead;
                    }
                    break;
                }
                Log.Debug("{Url}: attempt {Attempt} failed ({Reason}); retrying in {Wait} ms",
                    url.RequestUrl, retries + 1, e.Message, (long)wait.Value.TotalMilliseconds);
            }
            try
            {
                await Task.Delay(wait.Value, overall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result.Error = new FetchError(ErrorKind.Timeout, TimeoutMessage(total: true, retries));
                break;
            }
            if (!gaveWayNow)
            {
                retries++;
            }
            result.Attempts = retries + gaveWay + 1;
            result.Status = null;
            result.ContentType = null;
        }
        if (_options.FailOnHttpError && result.Error is null && result.Status >= 400)
        {
            result.Error = new FetchError(ErrorKind.HttpStatus, $"the server answered {result.Status}");
        }
        result.ElapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return result;
    }

    private string TimeoutMessage(bool total, int retries) => total
        ? $"no complete response within {_options.TotalBudget.TotalSeconds:0.###} s over {retries + 1} attempt(s)"
        : $"no complete response within {_options.Timeout.TotalSeconds:0.###} s";

    /// <summary>
    /// One attempt: follows redirects from <paramref name="hop"/> (kept up to date, so a retry
    /// resumes at the hop that failed) until a final response, which it reads and summarises
    /// into <paramref name="result"/>. Returns null when done, or, when the answer is a
    /// transient status worth retrying, the wait before the retry. Credential headers, and the
    /// user name and password of <paramref name="origin"/> (the URL as given), go only to hops
    /// on its origin.
    /// </summary>
    private async Task<TimeSpan?> AttemptAsync(
        FetchResult result, WebUrl origin, StrongBox<WebUrl> hop, int retriesDone, long started, CancellationToken cancellationToken)
    {
        while (true)
        {
            WebUrl current = hop.Value!;
            if (!RequestUri.TryCreate(current, out Uri? target, out string? problem))
            {
                throw new RedirectException($"redirect to {current.RequestUrl}: {problem}");
            }
            using var request = new HttpRequestMessage(HttpMethod.Get, target)
            {
                // HTTP/2 where TLS negotiates it (ALPN), as curl does; HTTP/1.1 otherwise and for http://.
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };
            string? basic = _hasAuthorization ? null : BasicAuthorization(origin);
            if (_credentials.Length > 0 || basic is not null)
            {
                if (current.IsSameOrigin(origin))
                {
                    foreach (HeaderField header in _credentials)
                    {
                        request.Headers.TryAddWithoutValidation(header.Name, header.Value);
                    }
                    if (basic is not null)
                    {
                        request.Headers.TryAddWithoutValidation("Authorization", basic);
                    }
                }
                else
                {
                    Log.Debug("{Url}: redirected to another origin; credentials not sent", current.RequestUrl);
                }
            }
            using HttpResponseMessage response = await _client
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            result.Status = (int)response.StatusCode;
            result.FinalUrl = current.RequestUrl;
            MediaTypeHeaderValue? contentType = response.Content.Headers.ContentType;
            result.ContentType = contentType?.MediaType;

            if (IsRedirect(response.StatusCode) && response.Headers.NonValidated.TryGetValues("Location", out HeaderStringValues locations)
                && locations.Count > 0)
            {
                // Resolved as a browser does: the URL Standard's parser, against the current URL.
                string location = locations.First();
                if (!WebUrl.TryParse(location, current, out WebUrl? next, out string? invalid))
                {
                    throw new RedirectException($"redirect to '{location}': {invalid}");
                }
                if (result.Redirects == _options.MaxRedirects)
                {
                    throw new RedirectException($"more than {_options.MaxRedirects} redirects");
                }
                result.Redirects++;
                hop.Value = next;
                continue;
            }

            if (RetryPolicy.IsTransientStatus(response.StatusCode))
            {
                TimeSpan? retryAfter = RetryPolicy.RetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
                TimeSpan? wait = RetryPolicy.PlanWait(
                    retriesDone, _options.Retries, retryAfter, _options.TotalBudget - Stopwatch.GetElapsedTime(started));
                if (wait is not null)
                {
                    Log.Debug("{Url}: {Status} on attempt {Attempt}; retrying in {Wait} ms",
                        current.RequestUrl, result.Status, retriesDone + 1, (long)wait.Value.TotalMilliseconds);
                    return wait;
                }
            }

            if (contentType?.MediaType is string mediaType && !ContentSniffer.IsHtmlMediaType(mediaType)
                && response.Content.Headers.ContentLength is long notHtmlLength)
            {
                // Nothing to parse and the length is known: nothing to download. A link to a
                // large archive is a 200 of that length, not a too_large, and costs no transfer.
                // (After automatic decompression the handler drops Content-Length, so a
                // compressed body is read and counted below.)
                result.Length = notHtmlLength;
                return null;
            }
            if (response.Content.Headers.ContentLength is long declared && declared > _options.MaxBytes)
            {
                throw new BodyTooLargeException(_options.MaxBytes, 0);
            }
            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using MemoryLease memory = _memory.Open();
            using BodyBuffer body = await BodyBuffer.ReadAsync(stream, _options.MaxBytes, response.Content.Headers.ContentLength, memory, cancellationToken)
                .ConfigureAwait(false);
            result.Length = body.Length;
            if (ContentSniffer.IsHtml(contentType?.MediaType, body.Span))
            {
                // The text is taken from the budget before it is decoded; a large body's bytes
                // go back before the parse (see HtmlExtractor), its text after it.
                await memory.TakeAsync(MemoryBudget.TextCost(body.Length, _options.Selectors.Count > 0), cancellationToken).ConfigureAwait(false);
                PageSummary page = await _largePages.ParseAsync(
                    body.Length,
                    () => HtmlExtractor.Extract(body.Span, contentType?.ToString(), target, _options.Selectors, _options.Links, body.Release, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
                result.Charset = page.Charset;
                result.Title = page.Title;
                result.Description = page.Description;
                result.Lang = page.Lang;
                result.Canonical = page.Canonical;
                result.Links = page.Links;
                result.Select = page.Select;
                result.LinkUrls = page.LinkUrls;
                result.LinksTruncated = page.LinksTruncated ? true : null;
            }
            return null;
        }
    }

    /// <summary>
    /// The user name and password of a URL such as <c>http://user:pa%40ss@host/</c>, as
    /// Basic authentication (RFC 7617, UTF-8 after percent-decoding), which HttpClient would
    /// otherwise drop without a word. They are credentials like <c>-H Authorization</c>: an
    /// explicit Authorization header wins, and a redirect to another origin gets neither.
    /// </summary>
    private static string? BasicAuthorization(WebUrl url) =>
        url.HasCredentials
            ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{PercentEncoding.DecodeToString(url.Username)}:{PercentEncoding.DecodeToString(url.Password)}"))
            : null;

    /// <summary>The percent-decoded user name and password of a proxy URL, if it has any.</summary>
    private static (string User, string Password)? UserAndPassword(Uri url)
    {
        string userInfo = url.UserInfo;
        if (userInfo.Length == 0)
        {
            return null;
        }
        int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (Uri.UnescapeDataString(userInfo), "")
            : (Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]));
    }

    private static bool IsCredential(HeaderField header) =>
        CredentialHeaders.Contains(header.Name, StringComparer.OrdinalIgnoreCase);

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>A handler with the fetch settings, connecting through <paramref name="connect"/>, keeping idle connections for <paramref name="idle"/>.</summary>
    private static SocketsHttpHandler CreateHandler(
        FetchOptions options, Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> connect, TimeSpan idle)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.ConnectTimeout,
            ConnectCallback = connect,
            PooledConnectionLifetime = Timings.ConnectionLifetime,
            PooledConnectionIdleTimeout = idle,
            UseCookies = false,
            // Location is read as UTF-8, as browsers read it (the default is Latin-1).
            ResponseHeaderEncodingSelector = (name, _) => name.Equals("Location", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8 : null,
            EnableMultipleHttp2Connections = true, // past a server's stream limit, a second connection rather than a queue
#pragma warning disable CA2262 // the unit is KiB: 256 KiB of headers
            MaxResponseHeadersLength = 256,
#pragma warning restore CA2262
        };
        try
        {
            if (options.Proxy is not null)
            {
                var proxy = new Uri(options.Proxy, UriKind.Absolute);
                // WebProxy ignores the user name and password of its URL (the HTTP_PROXY
                // variables honour them): taken here, as curl takes them from --proxy.
                handler.Proxy = new WebProxy(proxy) { Credentials = UserAndPassword(proxy) is var (user, password) ? new NetworkCredential(user, password) : null };
            }
            if (options.Insecure)
            {
#pragma warning disable CA5359 // accepting any certificate is exactly what --insecure asks for; off by default
                handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
            }
            return handler;
        }
        catch
        {
            handler.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _largePages.Dispose();
    }
}
