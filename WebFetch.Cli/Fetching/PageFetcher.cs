using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using Serilog;
using WebFetch.Fetching.Tls;
using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Fetching;

/// <summary>
/// Fetches one URL and summarises it. One instance per worker holds one long-lived
/// HttpClient, so connections are pooled across URLs. Redirects are followed here rather
/// than by the handler, so the record can count them, name the final URL and tell a loop
/// from an answer. Transient failures are retried here too (<see cref="AttemptLoop"/>).
/// </summary>
/// <remarks>
/// Time: each attempt (redirects, headers and body) has <see cref="FetchOptions.Timeout"/>;
/// a retry starts a new attempt at the hop that failed. All attempts and waits together are
/// bounded by <see cref="FetchOptions.TotalBudget"/>, so a server that trickles bytes or
/// never answers cannot hold a worker longer than that.
/// </remarks>
internal sealed class PageFetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly FetchOptions _options;
    private readonly OriginCredentials _credentials;
    private readonly PageReader _pages;
    private readonly PageMemory? _ownMemory;
    private readonly MatchRules _rules;
    private readonly ClientTls _tls;
    private readonly ResponseFacts? _facts; // issue 19, --fields: null when none is asked for
    private readonly AttemptLoop _attempts;

    /// <param name="options">The fetch settings.</param>
    /// <param name="budget">The descriptors its connections may hold, idle ones included; none: no limit.</param>
    /// <param name="memory">The memory its pages share with the worker's other fetchers (admitted for <paramref name="options"/> here); none: its own.</param>
    /// <param name="time">The clock of <c>--cert-warn</c>'s days; none: the system's.</param>
    /// <exception cref="CertificateFileException">A file of <c>--cacert</c>, <c>--cert</c> or <c>--key</c> cannot be used.</exception>
    public PageFetcher(FetchOptions options, DescriptorBudget? budget = null, PageMemory? memory = null, TimeProvider? time = null)
    {
        CodePages.Register();
        _options = options;
        _credentials = new OriginCredentials(options.Headers);
        _rules = MatchRules.Of(options);
        _attempts = new AttemptLoop(options);
        if (memory is null)
        {
            memory = _ownMemory = new PageMemory(options);
        }
        else
        {
            memory.Admit(options);
        }
        _pages = new PageReader(options, memory, _rules);
        _facts = ResponseFacts.For(options);
        try
        {
            _tls = new ClientTls(options, time ?? TimeProvider.System);
        }
        catch
        {
            _ownMemory?.Dispose();
            throw;
        }
        try
        {
            _client = FetchClient.Create(options, budget, _tls, _facts);
        }
        catch
        {
            _tls.Dispose();
            _ownMemory?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The memory the pages this fetcher reads at once share (<see cref="MemoryBudget"/>): one
    /// budget a worker, whatever its concurrency and however many fetchers it has.
    /// </summary>
    internal MemoryBudget Memory => _pages.Memory;

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
        var result = new FetchResultBuilder(url.Href, url.RequestUrl)
        {
            CheckMethod = _options.CheckOnly ? CheckRequest.Head : null,
            RedirectChain = _options.Crawl || _options.CheckOnly || _options.Fields.HasFlag(ResponseFields.Redirects) ? [] : null,
        };
        long started = Stopwatch.GetTimestamp();
        using (var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            overall.CancelAfter(_options.TotalBudget);
            await _attempts.RunAsync(result, url, started, overall,
                (hop, retriesDone, token) => AttemptAsync(result, url, hop, retriesDone, started, token), cancellationToken).ConfigureAwait(false);
        }
        if (_options.FailOnHttpError && result.Error is null && result.Status >= 400)
        {
            result.Error = new FetchError(ErrorKind.HttpStatus, $"the server answered {result.Status}");
        }
        result.Error ??= _rules.ErrorOf(result);
        if (result.Error is null && result.Status is not null)
        {
            result.Error = _tls.ExpiryError(result.FinalUrl); // the response's own verdicts first: a broken page says more
        }
        return result.Build((long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// One attempt: follows redirects from <paramref name="hop"/> (kept up to date, so a retry
    /// resumes at the hop that failed) until a final response, which it reads and summarises
    /// into <paramref name="result"/>. Returns null when done, or, when the answer is a
    /// transient status worth retrying, the wait before the retry. Credentials go only to hops
    /// on the origin of <paramref name="origin"/>, the URL as given (<see cref="OriginCredentials"/>).
    /// </summary>
    private async Task<TimeSpan?> AttemptAsync(
        FetchResultBuilder result, WebUrl origin, StrongBox<WebUrl> hop, int retriesDone, long started, CancellationToken cancellationToken)
    {
        while (true)
        {
            WebUrl current = hop.Value!;
            if (!RequestUri.TryCreate(current, out Uri? target, out string? problem))
            {
                throw new RedirectException($"redirect to {current.RequestUrl}: {problem}");
            }
            using HttpResponseMessage response = result.CheckMethod is null
                ? await SendAsync(result, HttpMethod.Get, current, target, origin, cancellationToken).ConfigureAwait(false)
                : await CheckRequest.SendAsync(result, target, method => SendAsync(result, method, current, target, origin, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
            result.Status = (int)response.StatusCode;
            result.FinalUrl = current.RequestUrl;
            result.ContentType = response.Content.Headers.ContentType?.MediaType;
            WebUrl? next = Redirects.Target(response, current);
            if (next is not null && _options.MaxRedirects == 0)
            {
                result.Location = next.Href; // not followed: the redirect is the answer (issue 19)
            }
            else if (next is not null)
            {
                if (result.Redirects == _options.MaxRedirects)
                {
                    throw new RedirectException($"more than {_options.MaxRedirects} redirects");
                }
                result.Redirects++;
                result.RedirectChain?.Add(new RedirectHop(current.RequestUrl, result.Status.Value));
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
            result.Facts = _facts?.Record(result.SentRequest, response);
            if (result.CheckMethod is not null)
            {
                // A check reads no body: the length is what the server declares, if it does.
                result.Length = response.Content.Headers.ContentLength ?? 0;
            }
            else
            {
                await _pages.ReadAsync(response, target, result, cancellationToken).ConfigureAwait(false);
            }
            ResponseFacts.BodyRead(result);
            return null;
        }
    }

    /// <summary>Sends one request for <paramref name="current"/> and returns its response once the headers are in.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        FetchResultBuilder result, HttpMethod method, WebUrl current, Uri target, WebUrl origin, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, target)
        {
            // HTTP/2 where TLS negotiates it (ALPN), as curl does; HTTP/1.1 otherwise and for http://.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        _credentials.AddTo(request, current, origin);
        return _facts is null
            ? await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false)
            : await _facts.SendAsync(_client, request, result, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _client.Dispose();
        _tls.Dispose();
        _ownMemory?.Dispose();
    }
}
