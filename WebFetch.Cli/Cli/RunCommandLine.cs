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

    public Option<int> InFlight { get; } = new("--in-flight")
    {
        Description = "With --queue: jobs published and not yet recorded at most, over all agents",
        HelpName = "N",
        DefaultValueFactory = _ => Defaults.InFlight,
        CustomParser = OptionParsers.Int(1, Defaults.InFlight, 1_000_000),
    };

    /// <summary>The command, whose action runs <see cref="RunCommand"/>.</summary>
    public Command Create()
    {
        var run = new Command("run", "Fetch every URL and write one record per URL to stdout (JSON Lines; a readable line on a terminal)") { Files };
        Option[] inHelpOrder =
        [
            Pool.Workers, Pool.Concurrency, .. Fetch.All,
            Pool.Socket, Pool.WorkerTimeout, Pool.MaxAttempts, Pool.Grace,
            .. Queue.All, Queue.Replicas, InFlight,
            .. Schedule.All, .. Output.Records, Output.Verbose, Output.Quiet,
        ];
        foreach (Option option in inHelpOrder)
        {
            run.Options.Add(option);
        }
        run.Validators.Add(OptionCombinations.UnlessAValueIsMissing(command => OptionCombinations.Check(command, Files, Fetch, Output)));
        run.Validators.Add(OptionCombinations.UnlessAValueIsMissing(Fetch.CheckExpandedHeaders));
        run.Validators.Add(OptionCombinations.UnlessAValueIsMissing(CheckQueue));
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
        InFlight = result.GetValue(InFlight),
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

    /// <summary>
    /// With <c>--queue</c>, the agents' workers fetch: the options of this machine's pool
    /// (<c>--workers</c>, <c>--concurrency</c>, <c>--socket</c>, <c>--worker-timeout</c>) would be
    /// silently ignored, so they are refused; <c>--in-flight</c> means nothing without a queue.
    /// </summary>
    private void CheckQueue(CommandResult command)
    {
        if (command.GetResult(Queue.Queue) is not { Implicit: false } queue)
        {
            foreach (Option queueOnly in (Option[])[InFlight, Queue.Creds, Queue.TlsCa, Queue.Replicas])
            {
                if (command.GetResult(queueOnly) is { Implicit: false })
                {
                    command.AddError($"{queueOnly.Name} is for a run over a queue: give --queue URL too");
                }
            }
            return;
        }
        foreach (Option local in (Option[])[Pool.Workers, Pool.Concurrency, Pool.Socket, Pool.WorkerTimeout])
        {
            if (command.GetResult(local) is { Implicit: false })
            {
                command.AddError($"{local.Name} sets this machine's workers, which a run over a queue does not start: give it to each agent (webfetch serve)");
            }
        }
        try
        {
            _ = QueueAddress.ParseWithEnvironment(queue.GetValueOrDefault<string?>() ?? "");
        }
        catch (FormatException e)
        {
            command.AddError(e.Message);
        }
    }
}
