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

    /// <summary>
    /// The longest the dispatcher sleeps without a wake-up: a line read, a URL ended, the output
    /// drained and a delay over all wake it at once; this catches what does not (a window grown
    /// by SIGTTIN), soon enough that no one notices, rarely enough to cost nothing.
    /// </summary>
    public static readonly TimeSpan DispatchIdleWake = TimeSpan.FromMilliseconds(250);

    /// <summary>The shortest the dispatcher sleeps when a delay or the rate holds the next URL: a timer's own granularity.</summary>
    public static readonly TimeSpan DispatchMinWait = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How often the dispatcher checks that the socket's path still leads to the workers'
    /// listener: a replaced or removed socket stops the run within this, and a stat(2) twice a
    /// second costs nothing.
    /// </summary>
    public static readonly TimeSpan SocketCheck = TimeSpan.FromMilliseconds(500);

    // The run (start-up, stop, output).
}
