using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using WebFetch.Errors;
using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>Maps what HttpClient throws onto the documented <see cref="ErrorKind"/> set.</summary>
internal static class FailureClassifier
{
    public static FetchError Classify(Exception exception, bool timedOut)
    {
        if (timedOut || ExceptionChain.Has<TimeoutException>(exception))
        {
            return new FetchError(ErrorKind.Timeout, Describe(exception, "timed out"));
        }
        switch (exception)
        {
            case BodyTooLargeException tooLarge:
                return new FetchError(ErrorKind.TooLarge, tooLarge.Message);
            case MemoryBudgetException budget:
                return new FetchError(ErrorKind.TooLarge, budget.Message);
            case RedirectException redirect:
                return new FetchError(ErrorKind.TooManyRedirects, redirect.Message);
            case HttpRequestException when ExceptionChain.Find<CertificateProblemException>(exception) is { } certificate:
                return new FetchError(ErrorKind.Tls, certificate.Message);
            case HttpRequestException http:
                return new FetchError(KindOf(http), Describe(exception, "request failed"));
        }
        if (ExceptionChain.Has<AuthenticationException>(exception))
        {
            return new FetchError(ErrorKind.Tls, Describe(exception, "TLS failed"));
        }
        if (exception is IOException or SocketException)
        {
            return new FetchError(ErrorKind.Protocol, Describe(exception, "connection failed while reading"));
        }
        return new FetchError(ErrorKind.Internal, $"{exception.GetType().Name}: {exception.Message}");
    }

    private static string KindOf(HttpRequestException http)
    {
        switch (http.HttpRequestError)
        {
            case HttpRequestError.NameResolutionError:
                return ErrorKind.Dns;
            case HttpRequestError.SecureConnectionError:
                return ErrorKind.Tls;
            case HttpRequestError.ConnectionError:
            case HttpRequestError.ProxyTunnelError:
                return ErrorKind.Connect;
        }
        if (ExceptionChain.Has<AuthenticationException>(http))
        {
            return ErrorKind.Tls;
        }
        if (ExceptionChain.Find<SocketException>(http) is { } socket)
        {
            return socket.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain
                ? ErrorKind.Dns
                : ErrorKind.Connect;
        }
        return ErrorKind.Protocol;
    }

    /// <summary>The innermost useful message, so the record says "Connection refused", not "An error occurred".</summary>
    private static string Describe(Exception exception, string fallback)
    {
        var parts = new List<string>();
        foreach (Exception e in ExceptionChain.Of(exception))
        {
            string message = e.Message.Trim();
            if (message.Length > 0 && !parts.Any(p => p.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }
        return parts.Count == 0 ? fallback : string.Join(": ", parts);
    }
}
