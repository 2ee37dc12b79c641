namespace WebFetch;

/// <summary>
/// Every internal timing no option sets, each with its reason: heartbeats, polls, margins,
/// back-offs. The defaults of the options a user can give are in <see cref="Defaults"/>.
/// </summary>
internal static class Timings
{
    // The worker.

    /// <summary>
    /// How often a worker tells the parent it is alive, from a timer of its own, busy or idle:
    /// often enough that a stuck worker is found within seconds, rare enough to cost nothing.
    /// </summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    // Fetching.

    // The supervisor (the worker pool and its loop).

    // The dispatch of URLs (the parent's pipeline).

    // The run (start-up, stop, output).
}
