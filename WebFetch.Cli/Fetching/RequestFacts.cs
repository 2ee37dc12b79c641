using System.Diagnostics;

namespace WebFetch.Fetching;

/// <summary>
/// One request sent while facts are asked for (<c>--fields</c>): when it was sent and its
/// headers came back (<see cref="Stopwatch"/> timestamps), and the connection that carried it.
/// Made by the fetch before it sends the request, and the ambient request of that flow
/// (<see cref="ResponseFacts"/>), so that the connection it is written on can name itself.
/// </summary>
internal sealed class RequestFacts
{
    public long SentAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>When the response's headers were in; 0 before.</summary>
    public long HeadersAt { get; set; }

    /// <summary>The connection that carried the request, once known.</summary>
    public ConnectionFacts? Connection { get; set; }

    /// <summary>A connection being opened because this request needed one, from its connect until it is set up.</summary>
    public ConnectionFacts? Opening { get; set; }
}
