using System.CommandLine;
using System.CommandLine.Parsing;
using WebFetch.Queue;

namespace WebFetch.Cli;

/// <summary>
/// The <c>run</c> command: its argument and its options, declared in their groups and listed in
/// --help in one order, the checks of how they combine, and the <see cref="RunOptions"/> a
/// command line that parsed asks for.
/// </summary>
internal sealed class RunCommandLine
{
    public Argument<string[]> Files { get; } = new("FILE")
    {
        Description = "Files with one URL per line, read in order; '-' reads stdin. Blank lines and lines starting with '#' are skipped.",
        Arity = ArgumentArity.OneOrMore,
        Validators = { OptionParsers.NoUnknownOptions },
    };

    public PoolOptionGroup Pool { get; } = new();

    public FetchOptionGroup Fetch { get; } = new();

    public ScheduleOptionGroup Schedule { get; } = new();

    public OutputOptionGroup Output { get; } = new();

    public QueueOptionGroup Queue { get; } = new();

    /// <summary>The command, whose action runs <see cref="RunCommand"/>.</summary>
    public Command Create()
    {
        var run = new Command("run", "Fetch every URL and write one record per URL to stdout (JSON Lines; a readable line on a terminal)") { Files };
        Option[] inHelpOrder =
        [
            Pool.Workers, Pool.Concurrency, .. Fetch.All,
            Pool.Socket, Pool.WorkerTimeout, Pool.MaxAttempts, Pool.Grace,
            .. Queue.All, Queue.Replicas, Queue.InFlight,
            .. Schedule.All, .. Output.Records, Output.Verbose, Output.Quiet,
        ];
        foreach (Option option in inHelpOrder)
        {
            run.Options.Add(option);
        }
        run.Validators.Add(OptionCombinations.UnlessAValueIsMissing(command => OptionCombinations.Check(command, Files, Fetch, Output)));
        run.Validators.Add(OptionCombinations.UnlessAValueIsMissing(Fetch.CheckExpandedHeaders));
        run.Validators.Add(OptionCombinations.UnlessAValueIsMissing(command => Queue.CheckCollector(command, Pool)));
        run.SetAction((result, cancellationToken) =>
        {
            RunOptions options = Read(result);
            return options.Queue is null ? new RunCommand(options).ExecuteAsync(cancellationToken) : new QueueRunCommand(options).ExecuteAsync(cancellationToken);
        });
        return run;
    }

    /// <summary>What a command line that parsed asks the run to do.</summary>
    public RunOptions Read(ParseResult result) => LocalParts(result, Pool, Fetch, Schedule, Output) with
    {
        Files = result.GetValue(Files) ?? [],
        Ordered = result.GetValue(Output.Ordered),
        ResumeFile = result.GetValue(Output.Resume),
        Only = Output.Only(result),
        Queue = Queue.Read(result),
        InFlight = result.GetValue(Queue.InFlight),
        QueueReplicas = Queue.ReadReplicas(result),
    };

    /// <summary>What <c>run</c> and <c>crawl</c> read alike: the pool, the fetch options, the schedule, the output and the log.</summary>
    internal static RunOptions LocalParts(ParseResult result, PoolOptionGroup pool, FetchOptionGroup fetch, ScheduleOptionGroup schedule, OutputOptionGroup output) => new()
    {
        Files = [],
        Workers = result.GetValue(pool.Workers),
        Concurrency = result.GetValue(pool.Concurrency),
        SocketPath = result.GetValue(pool.Socket),
        Fetch = fetch.Read(result),
        WorkerTimeout = result.GetValue(pool.WorkerTimeout).Value,
        MaxAttempts = result.GetValue(pool.MaxAttempts),
        Grace = result.GetValue(pool.Grace).Value,
        LogLevel = output.LogLevel(result),
        Quiet = result.GetValue(output.Quiet),
        Policy = schedule.Read(result),
        OutputFile = result.GetValue(output.Output),
        Format = output.ChosenFormat(result),
        Warnings = (result.GetValue(fetch.Headers) ?? HeaderList.Empty).Warnings,
    };
}
