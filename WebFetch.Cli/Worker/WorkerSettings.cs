using WebFetch.Fetching;

namespace WebFetch.Worker;

/// <summary>
/// Everything a worker needs, handed over by the parent as JSON in the
/// <see cref="EnvironmentVariable"/> environment variable (not argv: headers may carry
/// credentials, and the environment is readable only by the same user).
/// </summary>
internal sealed record WorkerSettings
{
    public const string EnvironmentVariable = "WEBFETCH_WORKER";

    /// <summary>The inherited listening socket's file descriptor.</summary>
    public required int ListenFd { get; init; }

    /// <summary>The parent's pid; a worker whose parent changes leaves.</summary>
    public required int ParentPid { get; init; }

    /// <summary>Connections served at once.</summary>
    public int Concurrency { get; init; } = 1;

    public required FetchOptions Fetch { get; init; }

    /// <summary>
    /// The inherited descriptor of a local crawl's table of done URLs
    /// (<see cref="Protocol.DoneUrlTable"/>), or null: a crawl page's links to them are left out.
    /// </summary>
    public int? DoneTableFd { get; init; }

    public string LogLevel { get; init; } = "Information";

    public bool Color { get; init; }
}
