using System.Runtime.InteropServices;

namespace WebFetch.Supervisor;

/// <summary>
/// Requests queued for the supervisor loop by signal handlers: a handler only records and
/// queues, the loop acts on them, in order.
/// </summary>
internal abstract record PoolCommand
{
    private PoolCommand()
    {
    }

    /// <summary>SIGTTIN: one worker more.</summary>
    public sealed record AddWorker : PoolCommand;

    /// <summary>SIGTTOU: one worker fewer, never below one.</summary>
    public sealed record RemoveWorker : PoolCommand;

    /// <summary>SIGHUP: replace every worker, one at a time, without losing a request.</summary>
    public sealed record RollingRestart : PoolCommand;

    /// <summary>The first SIGINT or SIGTERM: the run stops reading and lets the URLs in flight finish.</summary>
    public sealed record Stop(PosixSignal Signal) : PoolCommand;

    /// <summary>A second SIGINT: the run kills the workers and ends at once.</summary>
    public sealed record Abort(PosixSignal Signal) : PoolCommand;
}
