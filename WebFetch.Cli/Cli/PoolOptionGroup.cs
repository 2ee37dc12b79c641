using System.CommandLine;
using WebFetch.Protocol;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>The options of the worker pool: how many workers, how many connections each, their socket, and how they are watched and stopped.</summary>
internal sealed class PoolOptionGroup
{
    /// <summary>Most worker processes: more than any machine has cores for, and a bound on what a typo starts.</summary>
    public const int MaxWorkers = 1024;

    /// <summary>Most connections one worker serves at once (workers x C stays far from overflowing).</summary>
    public const int MaxConcurrency = 10_000;

    public Option<int> Workers { get; } = new("--workers", "-w")
    {
        Description = "Worker processes (not with --queue: the agents have the workers)",
        HelpName = "N",
        DefaultValueFactory = _ => Defaults.Workers,
        CustomParser = OptionParsers.Int(1, Defaults.Workers, MaxWorkers),
    };

    public Option<int> Concurrency { get; } = new("--concurrency", "-c")
    {
        Description = "Connections each worker serves at once (workers x C URLs in flight; not with --queue)",
        HelpName = "C",
        DefaultValueFactory = _ => Defaults.Concurrency,
        CustomParser = OptionParsers.Int(1, Defaults.Concurrency, MaxConcurrency),
    };

    public Option<string?> Socket { get; } = new("--socket")
    {
        Description = "Path of the workers' Unix socket (not with --queue) [default: a private directory under $TMPDIR]",
        HelpName = "PATH",
    };

    public Option<Duration> WorkerTimeout { get; } = new("--worker-timeout")
    {
        Description = "Kill and replace a worker silent for this long; seconds, or with a unit (not with --queue)",
        HelpName = "TIME",
        DefaultValueFactory = _ => new Duration(Defaults.WorkerTimeout),
        CustomParser = OptionParsers.Time(new Duration(Defaults.WorkerTimeout), CommandLineApp.Second, new Duration(PoolOptions.MinWorkerTimeout),
            $"twice the {new Duration(Timings.Heartbeat)} between a worker's heartbeats, so that one late heartbeat kills no worker"),
    };

    public Option<int> MaxAttempts { get; } = new("--max-attempts")
    {
        Description = "Losses of one URL with a dying worker before it fails as worker_lost (with -c above 1, only losses while it ran alone count)",
        HelpName = "N",
        DefaultValueFactory = _ => Defaults.MaxAttempts,
        CustomParser = OptionParsers.Int(1, Defaults.MaxAttempts),
    };

    public Option<Duration> Grace { get; } = new("--grace")
    {
        Description = "On SIGINT/SIGTERM, how long the URLs in flight get to finish; seconds, or with a unit",
        HelpName = "TIME",
        DefaultValueFactory = _ => new Duration(Defaults.Grace),
        CustomParser = OptionParsers.Time(new Duration(Defaults.Grace), CommandLineApp.Second),
    };
}
