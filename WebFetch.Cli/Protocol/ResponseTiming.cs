namespace WebFetch.Protocol;

/// <summary>
/// When each step of a record's final request ended, in milliseconds from the moment it was sent
/// (<c>--fields timing</c>, issue 19), as curl's <c>-w</c> gives <c>time_namelookup</c>,
/// <c>time_connect</c>, <c>time_appconnect</c>, <c>time_starttransfer</c> and <c>time_total</c>.
/// </summary>
/// <param name="Dns">The name was resolved; null when the request went on a connection already open (<paramref name="Reused"/>).</param>
/// <param name="Connect">The TCP connection was made; null on a connection already open.</param>
/// <param name="Tls">The TLS handshake was done; null for http:// and on a connection already open.</param>
/// <param name="Ttfb">The response's status line and headers were in.</param>
/// <param name="Total">The body was read; null when it was not (an error on the way).</param>
/// <param name="Reused">The request went on a connection opened before it, for another request.</param>
internal sealed record ResponseTiming(double? Dns, double? Connect, double? Tls, double Ttfb, double? Total, bool Reused);
