using System.Net;
using System.Text;

namespace WebFetch.Fetching;

/// <summary>The HTTP client of a <see cref="PageFetcher"/> and the handler under it, made from the fetch settings.</summary>
internal static class FetchClient
{
    /// <summary>
    /// A client with the fetch settings and their default headers (all but the credentials,
    /// which <see cref="OriginCredentials"/> adds hop by hop), whose connections hold at most
    /// what <paramref name="budget"/> allows (none: no limit).
    /// </summary>
    /// <param name="facts">The facts about each response to learn from its connection (<c>--fields</c>); none: the handlers are not hooked.</param>
    public static HttpClient Create(FetchOptions options, DescriptorBudget? budget, ResponseFacts? facts = null)
    {
        var handler = new PooledConnections(
            budget ?? new DescriptorBudget(DescriptorBudget.Unlimited, 1),
            (connect, idle) => CreateHandler(options, connect, idle, facts));
        try
        {
            var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            if (!options.Headers.Any(h => h.Name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)))
            {
                client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
            }
            if (!options.Headers.Any(h => h.Name.Equals("Accept", StringComparison.OrdinalIgnoreCase)))
            {
                client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
            }
            foreach (HeaderField header in options.Headers.Where(h => !OriginCredentials.IsCredential(h)))
            {
                client.DefaultRequestHeaders.TryAddWithoutValidation(header.Name, header.Value);
            }
            return client;
        }
        catch
        {
            handler.Dispose();
            throw;
        }
    }

    /// <summary>A handler with the fetch settings, connecting through <paramref name="connect"/>, keeping idle connections for <paramref name="idle"/>.</summary>
    private static SocketsHttpHandler CreateHandler(
        FetchOptions options, Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> connect, TimeSpan idle, ResponseFacts? facts)
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
            else
            {
                handler.SslOptions.RemoteCertificateValidationCallback = CertificateWords.Check; // issue 19: refusals in plain words
            }
            facts?.Hook(handler); // issue 19, --fields
            return handler;
        }
        catch
        {
            handler.Dispose();
            throw;
        }
    }

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
}
