using System.CommandLine;
using System.CommandLine.Parsing;

namespace WebFetch.Cli;

/// <summary>
/// The <c>crawl</c> command: its start URLs, the options it shares with <c>run</c> (the pool,
/// fetching, politeness, output) and its own (<see cref="CrawlOptionGroup"/>), and the
/// <see cref="CrawlOptions"/> a command line that parsed asks for.
/// </summary>
internal sealed class CrawlCommandLine
{
    public Argument<string[]> Starts { get; } = new("START")
    {
        Description = "URLs to start from; what is followed is measured from them (--scope)",
        Arity = ArgumentArity.ZeroOrMore,
        Validators = { OptionParsers.NoUnknownOptions, CheckStarts },
    };

    public PoolOptionGroup Pool { get; } = new();

    public FetchOptionGroup Fetch { get; } = new();

    public ScheduleOptionGroup Schedule { get; } = new();

    public OutputOptionGroup Output { get; } = new();

    public CrawlOptionGroup Crawl { get; } = new();

    public QueueOptionGroup Queue { get; } = new();

    /// <summary>The command, whose action runs <see cref="CrawlCommand"/>.</summary>
    public Command Create()
    {
        var crawl = new Command("crawl", "Follow the links from START, check every link found (pages, images, stylesheets, scripts, anchors), and write one JSON line per URL") { Starts };
        Option[] inHelpOrder =
        [
            Pool.Workers, Pool.Concurrency,
            Fetch.Timeout, Fetch.ConnectTimeout, Fetch.MaxBytes, Fetch.MaxRedirects, Fetch.UserAgent, Fetch.Headers, Fetch.Variable, Fetch.ExpandHeader,
            Fetch.Proxy, Fetch.Insecure, Fetch.Retries,
            Pool.Socket, Pool.WorkerTimeout, Pool.MaxAttempts, Pool.Grace,
            .. Queue.All, Queue.Replicas, Queue.InFlight,
            Schedule.PerHost, Schedule.Delay, Schedule.Rate,
            .. Crawl.All,
            Output.Output, Output.Format, Output.Resume, Output.Verbose, Output.Quiet,
        ];
        foreach (Option option in inHelpOrder)
        {
            crawl.Options.Add(option);
        }
        crawl.Validators.Add(OptionCombinations.UnlessAValueIsMissing(command => OptionCombinations.Check(command, Starts, Fetch, Output)));
        crawl.Validators.Add(OptionCombinations.UnlessAValueIsMissing(Fetch.CheckExpandedHeaders));
        crawl.Validators.Add(OptionCombinations.UnlessAValueIsMissing(Crawl.Check));
        crawl.Validators.Add(OptionCombinations.UnlessAValueIsMissing(CheckQueue));
        crawl.Validators.Add(OptionCombinations.UnlessAValueIsMissing(command =>
        {
            if ((command.GetValue(Starts) ?? []).Length == 0 && (command.GetValue(Crawl.Sitemap) ?? []).Length == 0)
            {
                command.AddError("give a URL to start from, or --sitemap URL");
            }
        }));
        crawl.SetAction((result, cancellationToken) =>
        {
            CrawlOptions options = Read(result);
            return options.Run.Queue is null ? new CrawlCommand(options).ExecuteAsync(cancellationToken) : new CrawlQueueCommand(options).ExecuteAsync(cancellationToken);
        });
        return crawl;
    }

    /// <summary>What a command line that parsed asks the crawl to do.</summary>
    public CrawlOptions Read(ParseResult result) => new()
    {
        Run = RunPart(result),
        Starts = result.GetValue(Starts) ?? [],
        Sitemaps = result.GetValue(Crawl.Sitemap) ?? [],
        Scope = Crawl.ScopeOf(result),
        Include = result.GetValue(Crawl.Include) ?? [],
        Exclude = result.GetValue(Crawl.Exclude) ?? [],
        Depth = CrawlOptionGroup.Limit(result, Crawl.Depth),
        MaxUrls = CrawlOptionGroup.Limit(result, Crawl.MaxUrls),
        NoExternal = result.GetValue(Crawl.NoExternal),
        CheckAnchors = !result.GetValue(Crawl.NoCheckAnchors),
        IgnoreRobots = result.GetValue(Crawl.IgnoreRobots),
        IgnoreAnchors = result.GetValue(Crawl.IgnoreAnchor) ?? [],
        ReportFile = result.GetValue(Crawl.Report),
    };

    /// <summary>The run's part of a crawl: what <c>run</c> reads, without the duplicate cache (the crawl takes each URL once itself, by its seen-set), and the queue it goes through, if any.</summary>
    private RunOptions RunPart(ParseResult result)
    {
        RunOptions run = RunCommandLine.LocalParts(result, Pool, Fetch, Schedule, Output);
        return run with
        {
            Policy = run.Policy with { Dedup = false },
            ResumeFile = result.GetValue(Output.Resume),
            Queue = Queue.Read(result),
            InFlight = result.GetValue(Queue.InFlight),
            QueueReplicas = Queue.ReadReplicas(result),
        };
    }

    /// <summary>
    /// With <c>--queue</c>, as for <c>run</c> (<see cref="QueueOptionGroup.CheckCollector"/>); <c>--resume</c>
    /// goes with it (<see cref="CrawlQueueCommand"/>).
    /// </summary>
    private void CheckQueue(CommandResult command) => Queue.CheckCollector(command, Pool);

    private static void CheckStarts(ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (!token.Value.StartsWith('-') && CrawlStarts.Problem(token.Value) is { } problem)
            {
                result.AddError($"cannot start from '{token.Value}': {problem}");
            }
        }
    }
}
