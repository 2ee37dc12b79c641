namespace WebFetch.Tests.Support;

/// <summary>One request as <see cref="CaptureProxy"/> received it: its number, request line and Host header.</summary>
public sealed record CapturedRequest(int Number, string RequestLine, string? Host)
{
    /// <summary>The request target: the whole URL for a proxied request, <c>host:port</c> for a CONNECT.</summary>
    public string Target => RequestLine.Split(' ') is [_, string target, ..] ? target : "";
}
