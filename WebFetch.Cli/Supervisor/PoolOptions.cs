using WebFetch.Protocol;

namespace WebFetch.Supervisor;

/// <summary>How the supervisor keeps its workers.</summary>
internal sealed record PoolOptions
{
    public required int Workers { get; init; }

    /// <summary>A worker silent for longer (no heartbeat) is killed with SIGKILL and replaced.</summary>
    public TimeSpan WorkerTimeout { get; init; } = Defaults.WorkerTimeout;

    /// <summary>
    /// The shortest <see cref="WorkerTimeout"/>: silence is counted from the last heartbeat
    /// heard, so a timeout of twice the heartbeat interval lets one heartbeat come a whole
    /// interval late (a worker busy parsing, a loaded machine) before a healthy worker is killed.
    /// </summary>
    public static readonly TimeSpan MinWorkerTimeout = 2 * Timings.Heartbeat;

    /// <summary>A worker holding one request for longer (its fetch budget plus <see cref="Timings.BusyMargin"/>) is killed and replaced.</summary>
    public required TimeSpan BusyLimit { get; init; }

    /// <summary>How long start-up may take before the run gives up on the pool.</summary>
    public TimeSpan StartTimeout { get; init; } = Timings.PoolStartTimeout;

    /// <summary>Workers that die before they are ready, in a row, before the run stops with exit 2.</summary>
    public int MaxStartFailures { get; init; } = 5;

    /// <summary>The parent's open file limit, if known: a worker is started only while its descriptors fit under it.</summary>
    public long? OpenFileLimit { get; init; }

    /// <summary>The parent's descriptors for one worker: its pipes and the connections it serves at once.</summary>
    public int ParentFilesPerWorker { get; init; } = Supervisor.OpenFileLimit.PerWorker + 1;

    /// <summary>On stop, how long workers get to finish what they hold before SIGKILL.</summary>
    public TimeSpan StopTimeout { get; init; } = Timings.PoolStopTimeout;
}
