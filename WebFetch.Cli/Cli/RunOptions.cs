using WebFetch.Fetching;
using WebFetch.Output;
using WebFetch.Pipeline;
using WebFetch.Queue;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>Everything <c>webfetch run</c> was asked to do, after parsing and validation.</summary>
internal sealed record RunOptions
{
    public required IReadOnlyList<string> Files { get; init; }
    public required int Workers { get; init; }
    public int Concurrency { get; init; } = Defaults.Concurrency;
    public string? SocketPath { get; init; }
    public required FetchOptions Fetch { get; init; }
    public TimeSpan WorkerTimeout { get; init; } = Defaults.WorkerTimeout;
    public int MaxAttempts { get; init; } = Defaults.MaxAttempts;
    public TimeSpan Grace { get; init; } = Defaults.Grace;
    public string LogLevel { get; init; } = "Information";
    public bool Quiet { get; init; }
    public DispatchPolicy Policy { get; init; } = new();
    public bool Ordered { get; init; }
    public string? OutputFile { get; init; }
    public OutputFormat Format { get; init; }
    public string? ResumeFile { get; init; }

    /// <summary>Which records are written: all, or only those of <c>--only-failed</c> or <c>--only-ok</c>.</summary>
    public RecordFilter Only { get; init; }

    /// <summary>The queue the run goes through (<c>--queue</c>), or null for a run on this machine's workers.</summary>
    public QueueAddress? Queue { get; init; }

    /// <summary>With <see cref="Queue"/>: URLs published and not yet recorded at most.</summary>
    public int InFlight { get; init; } = Defaults.InFlight;

    /// <summary>With <see cref="Queue"/>: <c>--queue-replicas</c>, or null when not given.</summary>
    public int? QueueReplicas { get; init; }

    /// <summary>Warnings found while the options were read (a header file others can read), logged when the run starts.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
