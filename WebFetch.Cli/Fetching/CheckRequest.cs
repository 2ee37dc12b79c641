using System.Net;
using System.Net.Http;
using Serilog;
using WebFetch.Errors;

namespace WebFetch.Fetching;

/// <summary>
/// The request of a check (<see cref="FetchOptions.CheckOnly"/>): HEAD, and the same URL again
/// with GET when the server shows it does not do HEAD, by a 405 or 501 or by ending the
/// connection (or, over HTTP/2, the stream) without an answer, as careful link checkers do.
/// The GET's body is never read: the response is disposed once its headers are in, and the
/// handler then resets the HTTP/2 stream, or closes the HTTP/1.1 connection (or, for a
/// remainder of at most 1 MiB that comes within 2 s, reads it off into its own buffer to use
/// the connection again), so no byte of it is held in the fetch's memory. Once a server has
/// refused HEAD, the check goes on with GET, for the redirects after it and the retries too
/// (<see cref="FetchResultBuilder.CheckMethod"/>).
/// </summary>
internal static class CheckRequest
{
    public const string Head = "HEAD";
    public const string Get = "GET";

    /// <summary>
    /// Sends the hop's request through <paramref name="send"/>: HEAD while <paramref name="result"/>
    /// says so, and GET after a refusal, which it records there.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(
        FetchResultBuilder result, Uri target, Func<HttpMethod, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        if (result.CheckMethod == Head)
        {
            HttpResponseMessage? head = null;
            try
            {
                head = await send(HttpMethod.Head).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (EndedWithoutAnswer(e) && !cancellationToken.IsCancellationRequested)
            {
                Log.Debug("{Url}: no answer to HEAD ({Reason}); checking with GET", target, e.Message);
            }
            if (head is not null && !RefusesHead(head.StatusCode))
            {
                return head;
            }
            if (head is not null)
            {
                Log.Debug("{Url}: HEAD answered {Status}; checking with GET", target, (int)head.StatusCode);
                head.Dispose();
            }
            result.CheckMethod = Get;
        }
        return await send(HttpMethod.Get).ConfigureAwait(false);
    }

    /// <summary>405 Method Not Allowed or 501 Not Implemented: the server does not do HEAD here.</summary>
    public static bool RefusesHead(HttpStatusCode status) =>
        status is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented;

    /// <summary>
    /// The connection was made and the server ended the request without a response: the
    /// connection closed or reset before the status line, or (HTTP/2) the stream reset. Not a
    /// connection that could not be made, nor a timeout, which GET would not fix.
    /// </summary>
    public static bool EndedWithoutAnswer(HttpRequestException failure) =>
        failure.HttpRequestError switch
        {
            HttpRequestError.ResponseEnded => true,
            HttpRequestError.HttpProtocolError => ExceptionChain.Has<HttpProtocolException>(failure),
            HttpRequestError.Unknown => failure.InnerException is IOException,
            _ => false,
        };
}
