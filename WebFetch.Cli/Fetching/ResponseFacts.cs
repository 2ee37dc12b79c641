using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http;
using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// The facts about each response a fetcher records when asked (<c>--fields</c>, issue 19): one
/// a <see cref="PageFetcher"/>, made only then, so the fetch without fields neither wraps a
/// stream nor looks anything up. It hooks the handlers' connect callback and plaintext filter
/// to learn each connection's <see cref="ConnectionFacts"/>, and ties a connection to the
/// request it carried: HTTP/1.x by the request being written (<see cref="ConnectionFactsStream"/>),
/// HTTP/2 by the request's origin (the live HTTP/2 connection to it, most often the only one).
/// </summary>
internal sealed class ResponseFacts(ResponseFields fields, IReadOnlyList<string> headerOut)
{
    private static readonly AsyncLocal<RequestFacts?> Current = new();
    private static readonly HttpRequestOptionsKey<RequestFacts> Key = new("webfetch.request-facts");
    private static readonly Action<ConnectionFacts> NothingToForget = _ => { };

    private readonly ConcurrentDictionary<string, ConnectionFacts> _http2 = new(StringComparer.Ordinal);

    /// <summary>The request being sent in this flow, when facts are asked for.</summary>
    public static RequestFacts? Sending => Current.Value;

    /// <summary>The facts the options ask for, or null when they ask for none.</summary>
    public static ResponseFacts? For(FetchOptions options) =>
        options.Fields == ResponseFields.None ? null : new ResponseFacts(options.Fields, [.. options.HeaderOut.Select(name => name.ToLowerInvariant())]);

    /// <summary>Hooks <paramref name="handler"/>'s connect callback (which must be set) and plaintext filter.</summary>
    public void Hook(SocketsHttpHandler handler)
    {
        Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> connect = handler.ConnectCallback
            ?? throw new InvalidOperationException("the handler has no connect callback to learn the connections' facts from");
        handler.ConnectCallback = (context, cancellationToken) => ConnectAsync(connect, context, cancellationToken);
        handler.PlaintextStreamFilter = SetUp;
    }

    /// <summary>
    /// Sends <paramref name="request"/> through <paramref name="client"/> as the request of this flow,
    /// whose facts become <paramref name="result"/>'s <see cref="FetchResultBuilder.SentRequest"/>;
    /// returns its response once the headers are in.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, FetchResultBuilder result, CancellationToken cancellationToken)
    {
        var sent = new RequestFacts();
        request.Options.Set(Key, sent);
        Current.Value = sent; // this method's own: it ends with it
        result.SentRequest = sent;
        HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        sent.HeadersAt = Stopwatch.GetTimestamp();
        if (sent.Connection is null && response.Version.Major >= 2 && request.RequestUri is Uri uri
            && _http2.TryGetValue(OriginOf(uri), out ConnectionFacts? connection))
        {
            sent.Connection = connection;
        }
        return response;
    }

    /// <summary>The facts asked for of <paramref name="response"/>, the final one, sent as <paramref name="request"/>; the body's are added once it is read.</summary>
    public ResponseFactValues Record(RequestFacts? request, HttpResponseMessage response)
    {
        ConnectionFacts? connection = request?.Connection;
        var values = new ResponseFactValues
        {
            Ip = fields.HasFlag(ResponseFields.Ip) ? connection?.Address?.ToString() : null,
            Port = fields.HasFlag(ResponseFields.Port) ? connection?.Port : null,
            HttpVersion = fields.HasFlag(ResponseFields.HttpVersion) ? VersionText(response.Version) : null,
            Tls = fields.HasFlag(ResponseFields.Tls) ? connection?.Tls?.FactsAt(DateTime.UtcNow) : null,
            Timing = fields.HasFlag(ResponseFields.Timing) && request is not null ? TimingOf(request) : null,
        };
        if (fields.HasFlag(ResponseFields.Headers))
        {
            values.Headers = ResponseFactsHeaders.Of(response, headerOut, Defaults.MaxRecordHeaderChars, out bool truncated);
            values.HeadersTruncated = truncated;
        }
        return values;
    }

    /// <summary>The body of <paramref name="result"/>'s final response is read (or, in a check, not to be read).</summary>
    public static void BodyRead(FetchResultBuilder result)
    {
        if (result.Facts?.Timing is { } timing && result.SentRequest is { } request)
        {
            result.Facts.Timing = timing with { Total = Since(request, Stopwatch.GetTimestamp()) };
        }
    }

    /// <summary>"1.1", "2", "3": as curl's <c>%{http_version}</c> writes it.</summary>
    private static string VersionText(Version version) => version.Major >= 2 ? version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture) : version.ToString(2);

    /// <summary>
    /// The steps of the request, from when it was sent; the opening steps only when the request
    /// is the one a new connection was opened for and went on it (else the connection was open).
    /// </summary>
    private static ResponseTiming TimingOf(RequestFacts request)
    {
        ConnectionFacts? connection = request.Connection;
        bool opened = connection is not null && ReferenceEquals(connection.Opener, request);
        return new ResponseTiming(
            opened ? Since(request, connection!.NameResolvedAt) : null,
            opened ? Since(request, connection!.ConnectedAt) : null,
            opened && connection!.TlsDoneAt != 0 ? Since(request, connection.TlsDoneAt) : null,
            Since(request, request.HeadersAt) ?? 0,
            null,
            !opened);
    }

    /// <summary>Milliseconds, to the microsecond, from when <paramref name="request"/> was sent to <paramref name="timestamp"/>; null when the step was not seen.</summary>
    private static double? Since(RequestFacts request, long timestamp) =>
        timestamp == 0 ? null : Math.Round(Math.Max(0, Stopwatch.GetElapsedTime(request.SentAt, timestamp).TotalMilliseconds), 3);

    private static async ValueTask<Stream> ConnectAsync(
        Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> connect, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var facts = new ConnectionFacts();
        ConnectionFacts.BeginOpening(facts);
        Stream stream = await connect(context, cancellationToken).ConfigureAwait(false);
        facts.Connected(stream);
        if (context.InitialRequestMessage.Options.TryGetValue(Key, out RequestFacts? opener))
        {
            opener.Opening = facts;
        }
        return stream;
    }

    /// <summary>The connection is set up (TLS done, the HTTP version known): its facts are complete, and its stream wrapped to tie it to its requests.</summary>
    private ValueTask<Stream> SetUp(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        // Through a proxy's tunnel, the connection was opened for another request (the CONNECT): no connect facts.
        context.InitialRequestMessage.Options.TryGetValue(Key, out RequestFacts? opener);
        ConnectionFacts facts = opener?.Opening ?? new ConnectionFacts();
        if (opener is not null)
        {
            opener.Opening = null;
        }
        facts.SetUp(context.PlaintextStream, context.NegotiatedHttpVersion, opener, fields.HasFlag(ResponseFields.Tls));
        Action<ConnectionFacts> closed = NothingToForget;
        if (facts.HttpVersion.Major >= 2 && context.InitialRequestMessage.RequestUri is Uri uri)
        {
            string origin = OriginOf(uri);
            _http2[origin] = facts;
            closed = gone => _http2.TryRemove(KeyValuePair.Create(origin, gone));
        }
        return ValueTask.FromResult<Stream>(new ConnectionFactsStream(context.PlaintextStream, facts, closed));
    }

    private static string OriginOf(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
}
