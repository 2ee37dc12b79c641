namespace WebFetch.Supervisor;

/// <summary>Requests queued for the supervisor loop by signal handlers; the loop acts on them, never the handler.</summary>
internal enum PoolCommand
{
    /// <summary>SIGTTIN: one worker more.</summary>
    AddWorker,

    /// <summary>SIGTTOU: one worker fewer, never below one.</summary>
    RemoveWorker,

    /// <summary>SIGHUP: replace every worker, one at a time, without losing a request.</summary>
    RollingRestart,
}
