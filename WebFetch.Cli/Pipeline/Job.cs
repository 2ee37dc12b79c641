using WebFetch.Input;
using WebFetch.Protocol;

namespace WebFetch.Pipeline;

/// <summary>
/// A URL admitted to be fetched: its place in the input (<see cref="Sequence"/>), its line,
/// and, with duplicate detection, its key and the record its repeats wait for
/// (<see cref="Shared"/>, completed once with the URL's record).
/// </summary>
internal sealed record Job(long Sequence, InputLine Line, string? Key, TaskCompletionSource<FetchResult>? Shared)
{
    /// <summary>The host the URL is requested from: what politeness counts by.</summary>
    public string Host => Line.Url!.Host;
}
