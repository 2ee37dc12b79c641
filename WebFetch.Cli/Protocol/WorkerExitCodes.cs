namespace WebFetch.Protocol;

/// <summary>
/// The exit codes of a worker process, which the worker sets and the parent reads when it
/// reaps it. A worker killed by a signal exits as 128 + the signal's number, as .NET reports it.
/// </summary>
internal static class WorkerExitCodes
{
    /// <summary>Left as asked (HALT, SIGTERM) or because its parent was gone, after its connections in flight ended.</summary>
    public const int Stopped = 0;

    /// <summary>
    /// Started with settings it cannot use, or by hand without any: one line on stderr says why.
    /// The same code as a usage error of <c>webfetch run</c>, as it is one.
    /// </summary>
    public const int SettingsRefused = 2;

    /// <summary>
    /// A fatal error (a bug, or a machine out of a resource): its type and message go to the parent
    /// in an ERROR control message, its stack trace to stderr. EX_SOFTWARE of sysexits.h, the same
    /// code as an internal error of <c>webfetch run</c>.
    /// </summary>
    public const int Failed = 70;
}
