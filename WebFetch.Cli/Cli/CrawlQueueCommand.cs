using System.Diagnostics;
using WebFetch.Crawl;
using WebFetch.Output;
using WebFetch.Pipeline;
using WebFetch.Queue;

namespace WebFetch.Cli;

/// <summary>
/// One crawl over a queue (<c>webfetch crawl START... --queue URL</c>): the crawl of
/// <see cref="CrawlCommand"/> with the queue (<see cref="Collector"/>) in place of the pool, as
/// <see cref="QueueRunCommand"/> has it for a list. The frontier, the seen-set, robots.txt and
/// the referrers stay here; the agents fetch and parse, each job with the fetch options of its
/// mode (<see cref="CrawlFetchModes"/>, all published once with the run), and the records bring
/// the links back. A job is published when its host's limits (<c>--per-host</c>, <c>--delay</c>,
/// a robots.txt <c>Crawl-delay</c>) and <c>--in-flight</c> allow, and counts until its record is
/// back, so the politeness of a local crawl holds over all agents together. The crawl ends when
/// its frontier is empty and no job is out; Ctrl-C withdraws its jobs as <c>run --queue</c> does.
/// </summary>
internal sealed class CrawlQueueCommand(CrawlOptions options)
{
    private readonly RunOutput _output = new(options.Run);
    private readonly CrawlReportOutput _report = new(options.ReportFile, options.Run.Quiet);

    public Task<int> ExecuteAsync(CancellationToken cancellationToken) =>
        CommandHost.RunAsync(options.Run.LogLevel, color => ExecuteCoreAsync(color, cancellationToken));

    /// <summary>The composition root: the checks, the output, the stop state and its signals, the crawl, the queue, then the pipeline and the report.</summary>
    private async Task<int> ExecuteCoreAsync(bool color, CancellationToken cancellationToken)
    {
        RunOptions run = options.Run;
        RunPreflight.Check(run, _output);
        _report.Check();
        long started = Stopwatch.GetTimestamp();
        using IRecordWriter writer = _output.Open(null, out _);
        Collector? collector = null;
        using var stop = new RunStop(run.Grace, drain: () => collector?.Withdraw(), kill: () => collector?.Withdraw(), TimeProvider.System, cancellationToken);
        using var signals = new QueueRunSignals(stop: stop.Stop, abort: stop.Abort);
        var statistics = new RunStatistics();
        var records = new RecordSink(writer, statistics, null, stop.OutputFailed);
        using CancellationTokenRegistration stopWaiting = stop.Aborted.Register(records.StopWaiting);
        var delays = new HostDelays();
        using var state = new CrawlState(CrawlCommand.Settings(options), delays.Set);
        var hub = new CrawlHub(state);
        var entries = new CrawlReportEntries();
        var sink = new CrawlSink(hub, records, entries.Add);
        CrawlCommand.Seed(hub, options);
        collector = await QueuePipeline.OpenAsync(run.Queue!, Settings(run, hub), stop).ConfigureAwait(false);
        if (collector is null)
        {
            return RunExit.Code(OutputFault.None, false, signals.StopSignal, 0); // a second SIGINT while connecting: nothing was published
        }
        int code;
        await using (collector.ConfigureAwait(false))
        {
            var dispatcher = new Dispatcher(new Admission(run.Policy, null), new JobScheduler(run.Policy, delays), collector.Client, sink, stop.Cause, () => run.InFlight);
            bool recordsLost;
            await using (new RunProgress(run, statistics, () => collector.Book.Waiting, "in flight", () => 0))
            {
                recordsLost = await QueuePipeline.RunAsync(dispatcher, new CrawlSource(hub), collector, stop).ConfigureAwait(false);
            }
            await collector.EndAsync().ConfigureAwait(false);
            code = RunFinish.Finish(run, _output, sink, statistics, stop, null, signals.StopSignal, 0, lost: recordsLost);
        }
        CrawlEnd.Tell(hub.Counts, options);
        (var kept, var summary) = entries.Take(Stopwatch.GetElapsedTime(started), [.. options.Starts, .. options.Sitemaps]);
        _report.Write(kept, summary, color);
        return code;
    }

    /// <summary>The run as the queue gets it: the options of each fetch mode by name, the mode of each job asked of the crawl when it is published (a URL the crawl no longer knows is only checked).</summary>
    private static Collector.Settings Settings(RunOptions run, CrawlHub hub)
    {
        IReadOnlyDictionary<FetchMode, string> modes = CrawlFetchModes.For(run.Fetch);
        var byName = modes.ToDictionary(mode => mode.Key.ToString(), mode => mode.Value, StringComparer.Ordinal);
        var jobModes = new JobModes(byName, line => (hub.ModeOf(line.Text) ?? FetchMode.CheckOnly).ToString());
        return new Collector.Settings(modes[FetchMode.CheckOnly], run.MaxAttempts, ResumeFile: null, Defaults.WorkerTimeout, run.QueueReplicas, jobModes);
    }
}
