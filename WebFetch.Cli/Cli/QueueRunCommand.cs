using System.Text.Json;
using WebFetch.Input;
using WebFetch.Logs;
using WebFetch.Output;
using WebFetch.Pipeline;
using WebFetch.Queue;
using WebFetch.Worker;

namespace WebFetch.Cli;

/// <summary>
/// One run over a queue (<c>webfetch run FILE... --queue URL</c>): the producer and collector.
/// The same checks, output, pipeline and exit codes as a run on this machine's workers, with
/// the queue (<see cref="Collector"/>) in place of the pool: a job is published when its host's
/// limits and <c>--in-flight</c> allow, and counts as in flight until its record comes back, so
/// <c>--per-host</c>, <c>--delay</c> and <c>--rate</c> bound what all agents together send.
/// </summary>
internal sealed class QueueRunCommand(RunOptions options)
{
    private readonly RunOutput _output = new(options);

    public Task<int> ExecuteAsync(CancellationToken cancellationToken) =>
        CommandHost.RunAsync(options.LogLevel, _ => ExecuteCoreAsync(cancellationToken));

    /// <summary>The composition root: the checks, the output, the stop state and its signals, the queue, then the pipeline.</summary>
    private async Task<int> ExecuteCoreAsync(CancellationToken cancellationToken)
    {
        RunPreflight.Check(options, _output);
        DoneUrls? done = options.ResumeFile is null ? null : new DoneUrls();
        using IRecordWriter writer = _output.Open(done, out FileStream? resumeFile);
        Collector? collector = null;
        using var stop = new RunStop(options.Grace, drain: () => collector?.Withdraw(), kill: () => collector?.Withdraw(), TimeProvider.System, cancellationToken);
        using var signals = new QueueRunSignals(stop: stop.Stop, abort: stop.Abort);
        var statistics = new RunStatistics();
        var sink = new RecordSink(writer, statistics, options.Ordered ? Defaults.OrderedWindow : null, stop.OutputFailed);
        using CancellationTokenRegistration stopWaiting = stop.Aborted.Register(sink.StopWaiting);
        var settings = new Collector.Settings(
            JsonSerializer.Serialize(options.Fetch, WorkerSettingsJson.Compact.FetchOptions),
            options.MaxAttempts,
            options.ResumeFile is null ? null : Path.GetFullPath(options.ResumeFile),
            Defaults.WorkerTimeout,
            options.QueueReplicas);
        collector = await QueuePipeline.OpenAsync(options.Queue!, settings, stop).ConfigureAwait(false);
        if (collector is null)
        {
            return RunExit.Code(OutputFault.None, false, signals.StopSignal, 0); // a second SIGINT while connecting: nothing was published
        }
        await using (collector.ConfigureAwait(false))
        {
            (long skipped, bool recordsLost) = await RunPipelineAsync(collector, sink, statistics, done, stop).ConfigureAwait(false);
            await collector.EndAsync().ConfigureAwait(false);
            return RunFinish.Finish(options, _output, sink, statistics, stop, resumeFile, signals.StopSignal, skipped, lost: recordsLost || stop.IsSocketLost);
        }
    }

    /// <summary>Every input line through the queue to the sink, one record each, until the input ends or the run stops. Returns the lines skipped (the resume file has them), and whether the records could no longer be read.</summary>
    private async Task<(long Skipped, bool RecordsLost)> RunPipelineAsync(Collector collector, RecordSink sink, RunStatistics statistics, DoneUrls? done, RunStop stop)
    {
        bool recordsLost;
        var dispatcher = new Dispatcher(new Admission(options.Policy, done), new JobScheduler(options.Policy), collector.Client, sink, stop.Cause, () => options.InFlight);
        await using (new RunProgress(options, statistics, () => collector.Book.Waiting, "in flight", () => dispatcher.Skipped))
        {
            recordsLost = await QueuePipeline.RunAsync(dispatcher, new InputFiles(options.Files, Console.OpenStandardInput), collector, stop).ConfigureAwait(false);
        }
        return (dispatcher.Skipped, recordsLost);
    }
}
