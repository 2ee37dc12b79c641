using WebFetch.Queue;

namespace WebFetch.Cli;

/// <summary>Everything <c>webfetch serve</c> was asked to do, after parsing and validation.</summary>
internal sealed record ServeOptions
{
    public required QueueAddress Queue { get; init; }
    public required int Workers { get; init; }
    public int Concurrency { get; init; } = Defaults.Concurrency;
    public string? SocketPath { get; init; }

    /// <summary>A worker silent this long is replaced; also the ack wait of the agents' consumer when this agent creates it.</summary>
    public TimeSpan WorkerTimeout { get; init; } = Defaults.WorkerTimeout;

    public TimeSpan Grace { get; init; } = Defaults.Grace;

    /// <summary><c>--queue-replicas</c>, or null when not given.</summary>
    public int? QueueReplicas { get; init; }

    public string LogLevel { get; init; } = "Information";
}
