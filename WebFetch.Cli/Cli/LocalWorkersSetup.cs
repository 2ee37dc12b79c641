using WebFetch.Fetching;

namespace WebFetch.Cli;

/// <summary>What a <see cref="LocalWorkers"/> pool is to be, after the system's limits.</summary>
/// <param name="SocketPath">The socket's path, or null for a private directory under $TMPDIR.</param>
/// <param name="Fetch">The fetch options the workers start with.</param>
/// <param name="BusyLimit">How long a worker may be busy with one URL before it is taken for stuck.</param>
/// <param name="Resizable">Whether SIGTTIN and SIGTTOU resize the pool.</param>
/// <param name="DoneTableFd">A local crawl's table of done URLs, which the workers inherit (<see cref="Protocol.DoneUrlTable"/>).</param>
internal sealed record LocalWorkersSetup(
    string? SocketPath,
    int Workers,
    int Concurrency,
    FetchOptions Fetch,
    string LogLevel,
    bool Color,
    TimeSpan WorkerTimeout,
    TimeSpan BusyLimit,
    TimeSpan Grace,
    bool Resizable,
    int? DoneTableFd = null);
