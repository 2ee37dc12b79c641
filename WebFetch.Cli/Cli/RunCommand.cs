using Serilog;
using Serilog.Events;
using WebFetch.Input;
using WebFetch.Logs;
using WebFetch.Output;
using WebFetch.Pipeline;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>
/// One run: check what it needs, compose its parts (the socket, the pool, the sink, the stop
/// state, the signals), start the workers, stream the input through the pipeline, then stop the
/// workers and remove the socket, whatever happened, and say how the run ended.
/// </summary>
internal sealed class RunCommand(RunOptions options)
{
    private readonly RunOutput _output = new(options);

    /// <summary>The input lines skipped so far because the resume file has their record: the pipeline's count once it runs.</summary>
    private Func<long> _skipped = () => 0;

    public Task<int> ExecuteAsync(CancellationToken cancellationToken) =>
        CommandHost.RunAsync(options.LogLevel, color => ExecuteCoreAsync(color, cancellationToken));

    /// <summary>The composition root: the checks, then the parts of the run, in the order they depend on each other.</summary>
    private async Task<int> ExecuteCoreAsync(bool color, CancellationToken cancellationToken)
    {
        RunPreflight.Check(options, _output); // fail before any worker starts
        int workerCount = RunLimits.WorkersThatFit(options.Workers);
        RunLimits.StartRuntimeThreads();
        int concurrency = RunLimits.ConcurrencyThatFits(workerCount, options.Concurrency);
        DoneUrls? done = options.ResumeFile is null ? null : new DoneUrls();
        using IRecordWriter writer = _output.Open(done, out FileStream? resumeFile);
        // A background job reading a terminal gets SIGTTIN from the kernel on every read: then
        // SIGTTIN/SIGTTOU keep their default meaning instead of resizing the pool.
        bool resizable = !(options.Files.Contains("-") && !Console.IsInputRedirected);
        using var workers = new LocalWorkers(WorkersFor(workerCount, concurrency, color, resizable), cancellationToken);
        RunStop stop = workers.Stop;
        var statistics = new RunStatistics();
        var sink = new RecordSink(writer, statistics, options.Ordered ? Defaults.OrderedWindow : null, stop.OutputFailed);
        // once the grace period is over, the records of the URLs cut short must not wait for a reader that takes nothing
        using CancellationTokenRegistration stopWaiting = stop.Aborted.Register(sink.StopWaiting);
        var run = new RunParts(workers.Endpoint, workers.Pool, workers.PoolOptions, workers.Requests, sink, statistics, stop, done, concurrency);
        await workers.RunAsync(() => RunPipelineAsync(workers, run), () => new RunProgress(options, run.Statistics, run.Pool, () => _skipped())).ConfigureAwait(false);
        return RunFinish.Finish(options, _output, run.Sink, run.Statistics, run.Stop, resumeFile, workers.StopSignal, _skipped(), lost: run.Stop.IsSocketLost);
    }

    /// <summary>The local pool: the workers start with the run's fetch options, and one URL takes at most (retries + 1) x timeout + the retry waits, then a margin.</summary>
    private LocalWorkersSetup WorkersFor(int workers, int concurrency, bool color, bool resizable) => new(
        options.SocketPath, workers, concurrency, options.Fetch, options.LogLevel, color,
        options.WorkerTimeout, BusyLimit: options.Fetch.TotalBudget + Timings.BusyMargin, options.Grace, resizable);

    /// <summary>The pipeline: every input line through the workers to the sink, one record each, until the input ends or the run stops.</summary>
    private async Task RunPipelineAsync(LocalWorkers workers, RunParts run)
    {
        using var exchange = new UnixSocketExchange(run.Endpoint);
        WorkerClient client = workers.Client(exchange, options.MaxAttempts);
        var dispatcher = new Dispatcher(new Admission(options.Policy, run.Done), new JobScheduler(options.Policy), client, run.Sink, run.Stop.Cause,
            () => run.Pool.Serving * run.Concurrency);
        _skipped = () => dispatcher.Skipped;
        await dispatcher.RunAsync(new InputFiles(options.Files, Console.OpenStandardInput), run.Stop.InputStopped, run.Stop.Aborted).ConfigureAwait(false);
    }

}
