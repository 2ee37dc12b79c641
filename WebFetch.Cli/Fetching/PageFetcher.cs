using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// Fetches one URL and summarises it. One instance per worker holds one long-lived
/// HttpClient, so connections are pooled across URLs. Redirects are followed here rather
/// than by the handler, so the record can count them, name the final URL and tell a loop
/// from an answer.
/// </summary>
internal sealed class PageFetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly FetchOptions _options;

    public PageFetcher(FetchOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseCookies = false,
            #pragma warning disable CA2262 // the unit is KiB: 256 KiB of headers
            MaxResponseHeadersLength = 256,
#pragma warning restore CA2262
        };
        try
        {
            _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            _client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
            _client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
        }
        catch
        {
            handler.Dispose();
            throw;
        }
    }

    public async Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        var result = new FetchResult { Url = url.OriginalString, FinalUrl = url.AbsoluteUri, Attempts = 1 };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            await FetchIntoAsync(result, url, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            bool timedOut = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            result.Error = timedOut
                ? new FetchError(ErrorKind.Timeout, $"no complete response within {_options.Timeout.TotalSeconds:0.###} s")
                : FailureClassifier.Classify(e, timedOut: false);
            if (e is BodyTooLargeException tooLarge)
            {
                result.Length = tooLarge.BytesRead;
            }
        }
        result.ElapsedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return result;
    }

    private async Task FetchIntoAsync(FetchResult result, Uri url, CancellationToken cancellationToken)
    {
        Uri current = url;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            using HttpResponseMessage response = await _client
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            result.Status = (int)response.StatusCode;
            result.FinalUrl = current.AbsoluteUri;
            MediaTypeHeaderValue? contentType = response.Content.Headers.ContentType;
            result.ContentType = contentType?.MediaType;

            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                Uri next = new(current, location);
                if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                {
                    throw new RedirectException($"redirect to unsupported scheme '{next.Scheme}'");
                }
                if (result.Redirects == _options.MaxRedirects)
                {
                    throw new RedirectException($"more than {_options.MaxRedirects} redirects");
                }
                result.Redirects++;
                current = next;
                continue;
            }

            if (response.Content.Headers.ContentLength is long declared && declared > _options.MaxBytes)
            {
                throw new BodyTooLargeException(_options.MaxBytes, 0);
            }
            Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using BodyBuffer body = await BodyBuffer.ReadAsync(stream, _options.MaxBytes, cancellationToken).ConfigureAwait(false);
            result.Length = body.Length;
            if (ContentSniffer.IsHtml(contentType?.MediaType, body.Span))
            {
                using Stream html = body.OpenRead();
                PageSummary page = await HtmlExtractor
                    .ExtractAsync(html, contentType?.ToString(), current, cancellationToken).ConfigureAwait(false);
                result.Title = page.Title;
                result.Description = page.Description;
                result.Lang = page.Lang;
                result.Canonical = page.Canonical;
                result.Links = page.Links;
            }
            return;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    public void Dispose() => _client.Dispose();
}
