namespace WebFetch.Supervisor;

/// <summary>
/// What the parent uses of a worker's process: its pid, its exit, its two control pipes and
/// SIGKILL. <see cref="ChildProcess"/> is the real one; the pool's tests give a fake.
/// </summary>
internal interface IWorkerProcess : IDisposable
{
    int Id { get; }

    bool HasExited { get; }

    /// <summary>The exit code (128 + N for a death by signal N); only once <see cref="HasExited"/>.</summary>
    int ExitCode { get; }

    /// <summary>The worker's control lines to the parent: its stdout.</summary>
    TextReader Control { get; }

    /// <summary>The parent's control lines to the worker: its stdin.</summary>
    TextWriter Commands { get; }

    /// <summary>SIGKILL; throws <see cref="InvalidOperationException"/> or a Win32Exception when it is gone already.</summary>
    void Kill();

    Task WaitForExitAsync(CancellationToken cancellationToken);
}
