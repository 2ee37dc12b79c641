using System.Collections.Concurrent;

namespace WebFetch.Pipeline;

/// <summary>
/// Delays between request starts asked for by particular hosts (a robots.txt's
/// <c>Crawl-delay</c>), above the run's <c>--delay</c>: set from any thread, read by the
/// <see cref="HostScheduler{T}"/> as it starts each URL.
/// </summary>
internal sealed class HostDelays
{
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new(StringComparer.Ordinal);

    public void Set(string host, TimeSpan delay) => _delays[host] = delay;

    /// <summary>The delay <paramref name="host"/> asked for, or <paramref name="otherwise"/> when it asked for none or for less.</summary>
    public TimeSpan Of(string host, TimeSpan otherwise) =>
        _delays.TryGetValue(host, out TimeSpan delay) && delay > otherwise ? delay : otherwise;
}
