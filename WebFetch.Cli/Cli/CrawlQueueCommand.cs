using System.Diagnostics;
using Serilog;
using WebFetch.Crawl;
using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Pipeline;
using WebFetch.Queue;
using WebFetch.Urls;

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
/// <para>
/// With <c>--resume FILE</c> (issue 18), the union of <c>crawl --resume</c> and
/// <c>run --queue --resume</c>. As on this machine's workers, FILE's records and FILE.links are
/// replayed into the crawl: a URL FILE has is not fetched again, its links are followed from
/// FILE.links. As for a list, the run in the queue is named after FILE
/// (<see cref="RunIdentity"/>): when the last collector of FILE was killed, its run is still
/// open and this one re-attaches to it, else (it ended, or was withdrawn on SIGINT) a new
/// generation starts. What makes re-attaching work for a crawl, whose frontier has no fixed
/// order, is that a job's key is a hash of the run and the URL (<see cref="UrlJobKeys"/>), not
/// its place in the frontier, and that the record book holds a record for its key whatever
/// came before (<c>KeysInOrder: false</c>), until its URL is taken, or replayed from FILE
/// (<see cref="RecordBook.NotNeeded"/>). So, when the crawl takes a URL FILE does not have:
/// its record, if its job ended while no collector was there, waits in the book and is taken
/// without publishing anything; if its job is still queued or with an agent, publishing it
/// again is the same message id, which the queue drops as a copy (within its duplicate window),
/// and the record that comes goes to it. Either way the record comes back through the crawl as
/// if fetched now: written, its links followed, kept in FILE.links. After a SIGINT the run was
/// withdrawn and ended: the new generation has no record and no job of the old one, so the
/// URLs FILE has no record of are published again (those an agent held past the grace period
/// are fetched twice).
/// </para>
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
        DoneUrls? done = run.ResumeFile is null ? null : new DoneUrls();
        using IRecordWriter writer = _output.Open(done, out FileStream? resumeFile);
        Collector? collector = null;
        using var stop = new RunStop(run.Grace, drain: () => collector?.Withdraw(), kill: () => collector?.Withdraw(), TimeProvider.System, cancellationToken);
        using var signals = new QueueRunSignals(stop: stop.Stop, abort: stop.Abort);
        var statistics = new RunStatistics();
        var entries = new CrawlReportEntries();
        using CrawlResume? resume = resumeFile is null ? null : OpenResume(resumeFile, done!, statistics, entries);
        var records = new RecordSink(writer, statistics, null, stop.OutputFailed);
        using CancellationTokenRegistration stopWaiting = stop.Aborted.Register(records.StopWaiting);
        var delays = new HostDelays();
        CrawlSettings settings = CrawlCommand.Settings(options);
        using var state = new CrawlState(settings, delays.Set) { Resume = resume };
        var hub = new CrawlHub(state);
        var sink = new CrawlSink(hub, records, entries.Add);
        CrawlCommand.Seed(hub, options);
        collector = await QueuePipeline.OpenAsync(run.Queue!, Settings(run, hub, run.ResumeFile, CrawlFetchModes.ChecksOwnAnchors(options.CheckAnchors, options.IgnoreAnchors.Count), CrawlFetchModes.Outside(settings)), stop).ConfigureAwait(false);
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
                var keys = new UrlJobKeys(collector.Run);
                resume?.OnReplayed = url => collector.Book.NotNeeded(keys.KeyOf(url)); // a re-attached run's record of a URL FILE has
                var source = new CrawlSource(hub, keys.LineOf);
                recordsLost = await QueuePipeline.RunAsync(dispatcher, source, collector, stop).ConfigureAwait(false);
            }
            await collector.EndAsync().ConfigureAwait(false);
            if (resume is { Replayed: > 0 })
            {
                Log.Information("{Count} URLs not fetched again: their records are in {File}, and the summary and the report count them", resume.Replayed, run.ResumeFile);
            }
            code = RunFinish.Finish(run, _output, sink, statistics, stop, resumeFile, signals.StopSignal, 0, lost: recordsLost);
        }
        CrawlEnd.Tell(hub.Counts, options);
        (var kept, var summary) = entries.Take(Stopwatch.GetElapsedTime(started), [.. options.Starts, .. options.Sitemaps]);
        _report.Write(kept, summary, color);
        return code;
    }

    /// <summary>What FILE has, replayed as <see cref="CrawlCommand"/> does: the records replayed count in the summary and the report.</summary>
    private CrawlResume OpenResume(FileStream resumeFile, DoneUrls done, RunStatistics statistics, CrawlReportEntries entries) =>
        CrawlResume.Open(resumeFile, options.Run.ResumeFile!, done, CrawlCommand.Header(options), record =>
        {
            statistics.Count(record);
            entries.Add(record);
        });

    /// <summary>
    /// The run as the queue gets it: the options of each fetch mode by name, the mode of each job asked of the crawl when it is
    /// published (a URL the crawl no longer knows is only checked), the resume file that names the run, and keys by URL.
    /// </summary>
    private static Collector.Settings Settings(RunOptions run, CrawlHub hub, string? resumeFile, bool checkOwnAnchors, ScopeHosts? outside)
    {
        IReadOnlyDictionary<FetchMode, string> modes = CrawlFetchModes.For(run.Fetch, checkOwnAnchors, outside);
        var byName = modes.ToDictionary(mode => mode.Key.ToString(), mode => mode.Value, StringComparer.Ordinal);
        var jobModes = new JobModes(byName, line => (hub.ModeOf(line.Text) ?? FetchMode.CheckOnly).ToString());
        return new Collector.Settings(modes[FetchMode.CheckOnly], run.MaxAttempts, resumeFile is null ? null : Path.GetFullPath(resumeFile),
            Defaults.WorkerTimeout, run.QueueReplicas, jobModes, KeysInOrder: false);
    }
}
