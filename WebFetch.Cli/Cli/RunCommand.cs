using Serilog;
using Serilog.Events;
using WebFetch.Input;
using WebFetch.Logs;
using WebFetch.Output;
using WebFetch.Pipeline;
using WebFetch.Supervisor;
using WebFetch.Worker;

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

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        bool color = Logging.ColorWanted();
        Log.Logger = Logging.CreateLogger(options.LogLevel, color, "webfetch");
        try
        {
            return await ExecuteCoreAsync(color, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InputException or OutputFileException or SocketPathException or WorkerStartException)
        {
            Log.Error("{Message}", e.Message);
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug: not exit 1, which a cron job reads as "some URLs failed".
            Log.Fatal(e, "internal error");
            return ExitCodes.InternalError;
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The composition root: the checks, then the parts of the run, in the order they depend on each other.</summary>
    private async Task<int> ExecuteCoreAsync(bool color, CancellationToken cancellationToken)
    {
        RunPreflight.Check(options, _output); // fail before any worker starts
        int workers = RunLimits.WorkersThatFit(options.Workers);
        RunLimits.StartRuntimeThreads();
        int concurrency = RunLimits.ConcurrencyThatFits(workers, options.Concurrency);
        DoneUrls? done = options.ResumeFile is null ? null : new DoneUrls();
        using IRecordWriter writer = _output.Open(done, out FileStream? resumeFile);
        using var endpoint = SocketEndpoint.Create(options.SocketPath, backlog: Timings.ListenBacklog(workers, concurrency));
        var launcher = new WorkerLauncher(endpoint.Listener, WorkerSettingsFor(concurrency, color));
        PoolOptions poolOptions = PoolOptionsFor(workers, concurrency);
        var requests = new RequestBook();
        using var pool = new WorkerPool(poolOptions, requests, changed => new WorkerHandle(launcher.Start(), changed));
        using var stop = new RunStop(options.Grace, pool.BeginDraining, pool.KillAll, TimeProvider.System, cancellationToken);
        // A background job reading a terminal gets SIGTTIN from the kernel on every read: then
        // SIGTTIN/SIGTTOU keep their default meaning instead of resizing the pool.
        bool resizable = !(options.Files.Contains("-") && !Console.IsInputRedirected);
        using var signals = new RunSignals(pool, resizable, stop: stop.Stop, abort: stop.Abort);
        var statistics = new RunStatistics();
        var sink = new RecordSink(writer, statistics, options.Ordered ? Defaults.OrderedWindow : null, stop.OutputFailed);
        // once the grace period is over, the records of the URLs cut short must not wait for a reader that takes nothing
        using CancellationTokenRegistration stopWaiting = stop.Aborted.Register(sink.StopWaiting);
        var run = new RunParts(endpoint, pool, poolOptions, requests, sink, statistics, stop, done, concurrency);
        await SuperviseAndRunAsync(run).ConfigureAwait(false);
        return Finish(run, resumeFile, signals.StopSignal);
    }

    private WorkerSettings WorkerSettingsFor(int concurrency, bool color) => new()
    {
        ListenFd = -1,
        ParentPid = Environment.ProcessId,
        Concurrency = concurrency,
        Fetch = options.Fetch,
        LogLevel = options.LogLevel,
        Color = color,
    };

    private PoolOptions PoolOptionsFor(int workers, int concurrency) => new()
    {
        Workers = workers,
        WorkerTimeout = options.WorkerTimeout,
        // One URL takes at most (retries + 1) x timeout + the retry waits; then a margin.
        BusyLimit = options.Fetch.TotalBudget + Timings.BusyMargin,
        OpenFileLimit = OpenFileLimit.Raise(),
        ParentFilesPerWorker = OpenFileLimit.PerWorker + concurrency,
    };

    /// <summary>
    /// Starts the workers and their supervisor, runs the pipeline with the progress line, and
    /// stops the workers whatever happened: at once after an abort, else within the pool's
    /// stop timeout. Workers that cannot be kept running abort the run.
    /// </summary>
    private async Task SuperviseAndRunAsync(RunParts run)
    {
        Task supervise = Task.CompletedTask;
        try
        {
            await run.Pool.StartAsync(run.Stop.Aborted).ConfigureAwait(false);
            supervise = Task.Run(() => run.Pool.SuperviseAsync(run.Stop.SupervisingStopped), CancellationToken.None);
            await using (new RunProgress(options, run.Statistics, run.Pool, () => _skipped()))
            {
                Task pipeline = RunPipelineAsync(run);
                if (await Task.WhenAny(pipeline, supervise).ConfigureAwait(false) == supervise)
                {
                    run.Stop.Abort("the run failed: its workers could not be kept running");
                    await supervise.ConfigureAwait(false); // rethrows WorkerStartException
                }
                await pipeline.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (run.Stop.IsAborted)
        {
            // interrupted during start-up or aborted: fall through to the stop
        }
        finally
        {
            await run.Stop.StopSupervisingAsync().ConfigureAwait(false);
            try
            {
                await supervise.ConfigureAwait(false);
            }
            catch (WorkerStartException)
            {
                // already reported
            }
            await run.Pool.StopAsync(run.Stop.IsAborted ? TimeSpan.Zero : run.PoolOptions.StopTimeout).ConfigureAwait(false);
        }
    }

    /// <summary>The pipeline: every input line through the workers to the sink, one record each, until the input ends or the run stops.</summary>
    private async Task RunPipelineAsync(RunParts run)
    {
        using var exchange = new UnixSocketExchange(run.Endpoint);
        var client = new WorkerClient(exchange, run.Pool, run.Requests, new SocketWatch(run.Endpoint.Lost, run.Stop.SocketLost), run.Stop.Cause,
            options.MaxAttempts, isolateSuspects: run.Concurrency > 1);
        var dispatcher = new Dispatcher(new Admission(options.Policy, run.Done), new JobScheduler(options.Policy), client, run.Sink, run.Stop.Cause,
            () => run.Pool.Serving * run.Concurrency);
        _skipped = () => dispatcher.Skipped;
        await dispatcher.RunAsync(new InputFiles(options.Files, Console.OpenStandardInput), run.Stop.InputStopped, run.Stop.Aborted).ConfigureAwait(false);
    }

    /// <summary>Waits for the output, rewrites the resume file, tells how the run went, and returns its exit code.</summary>
    /// <param name="stopSignal">The first stop signal, if one came.</param>
    private int Finish(RunParts run, FileStream? resumeFile, System.Runtime.InteropServices.PosixSignal? stopSignal)
    {
        // After a stop, the output is waited for until the grace period is over, not forever:
        // a reader that takes nothing (| sleep 600) would otherwise hold the run.
        bool complete = run.Sink.Complete(run.Stop.Aborted);
        if (!complete)
        {
            Log.Warning("stopped without writing every record: the output had not taken them {Seconds} s after the stop's deadline", Timings.OutputLastChance.TotalSeconds);
        }
        using FileStream? rewritten = complete && run.Stop.OutputFailure is null && resumeFile is not null ? _output.RewriteResumeFile(resumeFile) : null;
        OutputFault fault = RunExit.FaultOf(run.Stop.OutputFailure, toStdout: _output.Path is null);
        if (fault == OutputFault.WriteFailed)
        {
            Log.Error("cannot write to {Output}: {Reason}; stopped", _output.Path ?? "stdout", run.Stop.OutputFailure!.Message);
        }
        else if (fault == OutputFault.None)
        {
            Report(run.Statistics);
        }
        // a reader that left stdout (| head) has what it wanted: nothing more is said
        return RunExit.Code(fault, run.Stop.IsSocketLost, stopSignal, run.Statistics.Failed);
    }

    /// <summary>The summary on stderr: the URLs skipped, the counts and the time; with --verbose, the parent's memory.</summary>
    private void Report(RunStatistics statistics)
    {
        if (_skipped() is long skipped and > 0)
        {
            Log.Information("{Skipped} URLs skipped: already done in {File}", skipped, options.ResumeFile);
        }
        Log.Information("{Summary}", statistics.Summary());
        if (Log.IsEnabled(LogEventLevel.Debug))
        {
            GCMemoryInfo gc = GC.GetGCMemoryInfo();
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            Log.Debug("parent memory: peak RSS {Peak} MB, GC heap {Heap} MB, committed {Committed} MB, collections {Gen0}/{Gen1}/{Gen2}, GC {GcMode}",
                self.PeakWorkingSet64 >> 20, gc.HeapSizeBytes >> 20, gc.TotalCommittedBytes >> 20,
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), System.Runtime.GCSettings.LatencyMode);
        }
    }
}
