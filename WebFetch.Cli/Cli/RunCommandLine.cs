using System.CommandLine;

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

    /// <summary>The command, whose action runs <see cref="RunCommand"/>.</summary>
    public Command Create()
    {
        var run = new Command("run", "Fetch every URL and write one JSON line per URL to stdout") { Files };
        Option[] inHelpOrder =
        [
            Pool.Workers, Pool.Concurrency, .. Fetch.All,
            Pool.Socket, Pool.WorkerTimeout, Pool.MaxAttempts, Pool.Grace,
            .. Schedule.All, .. Output.Records, Output.Verbose, Output.Quiet,
        ];
        foreach (Option option in inHelpOrder)
        {
            run.Options.Add(option);
        }
        run.Validators.Add(OptionCombinations.UnlessAValueIsMissing(command => OptionCombinations.Check(command, Files, Fetch, Output)));
        run.Validators.Add(OptionCombinations.UnlessAValueIsMissing(Fetch.CheckExpandedHeaders));
        run.SetAction((result, cancellationToken) => new RunCommand(Read(result)).ExecuteAsync(cancellationToken));
        return run;
    }

    /// <summary>What a command line that parsed asks the run to do.</summary>
    public RunOptions Read(ParseResult result) => new()
    {
        Files = result.GetValue(Files) ?? [],
        Workers = result.GetValue(Pool.Workers),
        Concurrency = result.GetValue(Pool.Concurrency),
        SocketPath = result.GetValue(Pool.Socket),
        Fetch = Fetch.Read(result),
        WorkerTimeout = result.GetValue(Pool.WorkerTimeout).Value,
        MaxAttempts = result.GetValue(Pool.MaxAttempts),
        Grace = result.GetValue(Pool.Grace).Value,
        LogLevel = Output.LogLevel(result),
        Quiet = result.GetValue(Output.Quiet),
        Policy = Schedule.Read(result),
        Ordered = result.GetValue(Output.Ordered),
        OutputFile = result.GetValue(Output.Output),
        Format = Output.ChosenFormat(result),
        ResumeFile = result.GetValue(Output.Resume),
        Warnings = (result.GetValue(Fetch.Headers) ?? HeaderList.Empty).Warnings,
    };
}
