using System.Diagnostics;
using Serilog;
using WebFetch.Crawl;
using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Pipeline;
using WebFetch.Protocol;
using WebFetch.Supervisor;
using WebFetch.Urls;

namespace WebFetch.Cli;

/// <summary>
/// One crawl: the parts of a run (<see cref="RunCommand"/>: the socket, the pool, the output,
/// the stop state, the signals) with the crawl as its source and its sink: the frontier feeds
/// the pipeline, every record goes back to the crawl, which writes it and takes its links.
/// Then the report, and the exit code: 1 when a link is broken.
/// </summary>
internal sealed class CrawlCommand(CrawlOptions options)
{
    private readonly RunOutput _output = new(options.Run);
    private readonly CrawlReportOutput _report = new(options.ReportFile, options.Run.Quiet);

    public Task<int> ExecuteAsync(CancellationToken cancellationToken) =>
        CommandHost.RunAsync(options.Run.LogLevel, color => ExecuteCoreAsync(color, cancellationToken));

    /// <summary>The composition root, in the order the parts depend on each other.</summary>
    private async Task<int> ExecuteCoreAsync(bool color, CancellationToken cancellationToken)
    {
        RunOptions run = options.Run;
        RunPreflight.Check(run, _output); // fail before any worker starts
        _report.Check();
        long started = Stopwatch.GetTimestamp();
        int workerCount = RunLimits.WorkersThatFit(run.Workers);
        RunLimits.StartRuntimeThreads();
        int concurrency = RunLimits.ConcurrencyThatFits(workerCount, run.Concurrency);
        DoneUrls? done = run.ResumeFile is null ? null : new DoneUrls();
        using IRecordWriter writer = _output.Open(done, out FileStream? resumeFile);
        var statistics = new RunStatistics();
        var entries = new CrawlReportEntries();
        using CrawlResume? resume = resumeFile is null ? null : CrawlResume.Open(resumeFile, run.ResumeFile!, done!, Header(options), record =>
        {
            statistics.Count(record); // the summary, the report and the exit code are of the whole crawl
            entries.Add(record);
        });
        using DoneUrlTable? doneTable = resume is null ? DoneTableOrNone() : null;
        using var workers = new LocalWorkers(new LocalWorkersSetup(
            run.SocketPath, workerCount, concurrency, run.Fetch, run.LogLevel, color,
            run.WorkerTimeout, BusyLimit: run.Fetch.TotalBudget + Timings.BusyMargin, run.Grace, Resizable: true, doneTable?.Fd), cancellationToken);
        RunStop stop = workers.Stop;
        var records = new RecordSink(writer, statistics, null, stop.OutputFailed);
        using CancellationTokenRegistration stopWaiting = stop.Aborted.Register(records.StopWaiting);
        var delays = new HostDelays();
        CrawlSettings settings = Settings(options);
        using var state = new CrawlState(settings, delays.Set) { Resume = resume, DoneTable = doneTable };
        var hub = new CrawlHub(state);
        var sink = new CrawlSink(hub, records, entries.Add);
        Seed(hub, options);
        await workers.RunAsync(() => RunPipelineAsync(workers, hub, sink, delays, CrawlFetchModes.Outside(settings)), () => new RunProgress(run, statistics, workers.Pool, () => 0)).ConfigureAwait(false);
        if (resume is { Replayed: > 0 })
        {
            Log.Information("{Count} URLs not fetched again: their records are in {File}, and the summary and the report count them", resume.Replayed, run.ResumeFile);
        }
        int code = RunFinish.Finish(run, _output, sink, statistics, stop, resumeFile, workers.StopSignal, 0, lost: stop.IsSocketLost);
        CrawlEnd.Tell(hub.Counts, options);
        (var kept, var summary) = entries.Take(Stopwatch.GetElapsedTime(started), [.. options.Starts, .. options.Sitemaps]);
        _report.Write(kept, summary, color);
        return code;
    }

    /// <summary>The table of done URLs shared with the workers (<see cref="DoneUrlTable"/>); without one the crawl is slower, not different.</summary>
    private static DoneUrlTable? DoneTableOrNone()
    {
        DoneUrlTable? table = DoneUrlTable.Create(out string? problem);
        if (table is null)
        {
            Log.Debug("no table of done URLs for the workers ({Problem}): they send every link", problem);
        }
        return table;
    }

    /// <summary>The crawl's scope and limits, as the options say (also <see cref="CrawlQueueCommand"/>'s).</summary>
    internal static CrawlSettings Settings(CrawlOptions options)
    {
        var starts = options.Starts.Count > 0 ? options.Starts : options.Sitemaps;
        var scope = new CrawlScope(options.Scope, [.. starts.Select(CrawlStarts.Url)], options.Include, options.Exclude);
        return new CrawlSettings(scope, options.Depth, options.MaxUrls, options.NoExternal, options.CheckAnchors, options.IgnoreRobots,
            CrawlSettings.TokenOf(options.Run.Fetch.UserAgent))
        {
            IgnoreAnchors = new IgnoredAnchors(options.IgnoreAnchors),
            MaxRefreshes = options.Run.Fetch.MaxRedirects,
        };
    }

    /// <summary>What fixes the URLs of this crawl, kept in the links file of a <c>--resume</c> file, which another crawl cannot resume (also <see cref="CrawlQueueCommand"/>'s).</summary>
    internal static CrawlResumeHeader Header(CrawlOptions options) => new(
        [.. options.Starts.Select(s => CrawlStarts.Url(s).Href)], [.. options.Sitemaps.Select(s => CrawlStarts.Url(s).Href)],
        options.Scope.ToString().ToLowerInvariant(), options.Include, options.Exclude,
        options.Depth, options.MaxUrls, options.NoExternal, options.CheckAnchors, options.IgnoreRobots);

    /// <summary>The start URLs and sitemaps, at depth 0 (also <see cref="CrawlQueueCommand"/>'s).</summary>
    internal static void Seed(CrawlHub hub, CrawlOptions options)
    {
        foreach (string start in options.Starts)
        {
            hub.AddStart(CrawlStarts.Url(start), LinkKinds.Page);
        }
        foreach (string sitemap in options.Sitemaps)
        {
            hub.AddStart(CrawlStarts.Url(sitemap), LinkKinds.Sitemap);
        }
    }

    /// <summary>The pipeline of <c>run</c>, with the crawl as source, sink and the options of each fetch.</summary>
    private async Task RunPipelineAsync(LocalWorkers workers, CrawlHub hub, CrawlSink sink, HostDelays delays, ScopeHosts? outside)
    {
        using var exchange = new UnixSocketExchange(workers.Endpoint);
        var client = new CrawlJobClient(workers.Client(exchange, options.Run.MaxAttempts), hub, CrawlFetchModes.For(options.Run.Fetch, CrawlFetchModes.ChecksOwnAnchors(options.CheckAnchors, options.IgnoreAnchors.Count), outside), CrawlFetchModes.CountLinksOnly(options.Run.Fetch));
        var dispatcher = new Dispatcher(new Admission(options.Run.Policy, null), new JobScheduler(options.Run.Policy, delays), client, sink,
            workers.Stop.Cause, () => workers.Window);
        await dispatcher.RunAsync(new CrawlSource(hub), workers.Stop.InputStopped, workers.Stop.Aborted).ConfigureAwait(false);
    }
}
