namespace WebFetch.Fetching;

/// <summary>
/// The facts about each response a record may carry besides today's fields (<c>--fields</c>,
/// issue 19); none by default, so a record without them is the record of before. The names
/// users give are in <see cref="ResponseFieldNames"/>.
/// </summary>
[Flags]
internal enum ResponseFields
{
    None = 0,

    /// <summary><c>ip</c>: the address of the server that gave the final response.</summary>
    Ip = 1 << 0,

    /// <summary><c>port</c>: its port.</summary>
    Port = 1 << 1,

    /// <summary><c>http_version</c>: the HTTP version of the final response (1.1, 2).</summary>
    HttpVersion = 1 << 2,

    /// <summary><c>headers</c>: the final response's headers (all, or those of <c>--header-out</c>).</summary>
    Headers = 1 << 3,

    /// <summary><c>timing</c>: dns, connect, tls, ttfb and total of the final request, as curl's <c>-w</c> gives them.</summary>
    Timing = 1 << 4,

    /// <summary><c>redirects</c>: the redirects followed, in <c>redirect_chain</c>.</summary>
    Redirects = 1 << 5,

    /// <summary><c>body_sha256</c>: the SHA-256 of the body as read (after content decoding).</summary>
    BodySha256 = 1 << 6,

    /// <summary><c>tls</c>: the TLS version, cipher and the server certificate's facts.</summary>
    Tls = 1 << 7,

    All = Ip | Port | HttpVersion | Headers | Timing | Redirects | BodySha256 | Tls,
}
