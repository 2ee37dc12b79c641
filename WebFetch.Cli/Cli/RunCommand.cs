using Serilog;
using Serilog.Events;
using WebFetch.Input;
using WebFetch.Output;
using WebFetch.Supervisor;
using WebFetch.Worker;

namespace WebFetch.Cli;

/// <summary>
/// One run: bind the socket, start the pool, stream the input through the dispatcher,
/// then stop the workers and remove the socket, whatever happened.
/// </summary>
internal sealed class RunCommand(RunOptions options)
{
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

    private async Task<int> ExecuteCoreAsync(bool color, CancellationToken cancellationToken)
    {
        foreach (string warning in options.Warnings)
        {
            Log.Warning("{Warning}", warning);
        }
        foreach (string file in options.Files.Where(f => f != "-"))
        {
            InputReader.CheckReadable(file); // fail before any worker starts
        }
        if (options.Files.Contains("-") && !StandardDescriptors.StdinOpen)
        {
            throw new InputException("stdin is closed, so '-' has nothing to read: give the URLs in a file, or redirect stdin");
        }
        CheckOutputFile();
        if (OutputPath is null && !StandardDescriptors.StdoutOpen)
        {
            throw new OutputFileException("stdout is closed, so the records would have nowhere to go: redirect it, or use --output FILE");
        }
        if (options.Fetch.Proxy is null)
        {
            foreach ((string name, string value) in ProxyVariables.Unusable(Environment.GetEnvironmentVariable))
            {
                Log.Warning("{Name} is set to '{Value}', which is not a proxy URL: requests will not go through a proxy", name, value);
            }
        }
        int workers = WorkersThatFit();
        StartRuntimeThreads();
        int concurrency = ConcurrencyThatFits(workers);
        DoneUrls? done = options.ResumeFile is null ? null : new DoneUrls();
        using IRecordWriter writer = OpenOutput(done, out FileStream? resumeFile);
        using var endpoint = SocketEndpoint.Create(options.SocketPath, backlog: Timings.ListenBacklog(workers, concurrency));
        var launcher = new WorkerLauncher(endpoint.Listener, new WorkerSettings
        {
            ListenFd = -1,
            ParentPid = Environment.ProcessId,
            Concurrency = concurrency,
            Fetch = options.Fetch,
            LogLevel = options.LogLevel,
            Color = color,
        });
        var poolOptions = new PoolOptions
        {
            Workers = workers,
            WorkerTimeout = options.WorkerTimeout,
            // One URL takes at most (retries + 1) x timeout + the retry waits; then a margin.
            BusyLimit = options.Fetch.TotalBudget + Timings.BusyMargin,
            OpenFileLimit = OpenFileLimit.Raise(),
            ParentFilesPerWorker = OpenFileLimit.PerWorker + concurrency,
        };
        var requests = new RequestBook();
        using var pool = new WorkerPool(poolOptions, requests, changed => new WorkerHandle(launcher.Start(), changed));
        using var stopInput = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = new CancellationTokenSource();
        using var stopSupervising = new CancellationTokenSource();
        OutputFailedException? outputFailure = null;
        var cause = new StopCause(options.Grace);
        void Abort(string why)
        {
            cause.Killed(why);
            stopInput.Cancel();
            abort.Cancel();
            pool.KillAll();
        }
        // A background job reading a terminal gets SIGTTIN from the kernel on every read: then
        // SIGTTIN/SIGTTOU keep their default meaning instead of resizing the pool.
        bool resizable = !(options.Files.Contains("-") && !Console.IsInputRedirected);
        using var signals = new RunSignals(pool, resizable, stop: signal =>
        {
            cause.Stopped(signal);
            pool.BeginDraining();
            stopInput.Cancel();
            abort.CancelAfter(options.Grace);
        }, abort: Abort);
        var statistics = new RunStatistics();
        var sink = new RecordSink(writer, statistics, options.Ordered ? Defaults.OrderedWindow : null, failure =>
        {
            if (outputFailure is null)
            {
                outputFailure = failure;
                Log.Debug("the output failed ({Reason}); stopping", failure.Message);
                Abort("the output failed");
            }
        });
        // once the grace period is over, the records of the URLs cut short must not wait for a reader that takes nothing
        using CancellationTokenRegistration stopWaiting = abort.Token.Register(sink.StopWaiting);
        string? socketLost = null;
        void SocketLost(string why)
        {
            socketLost = why;
            Log.Error("{Reason}: no more URLs can reach the workers; stopping (the URLs in flight may finish, the others get an interrupted record)", why);
            cause.Stopped(why);
            pool.BeginDraining();
            stopInput.Cancel();
            abort.CancelAfter(options.Grace);
        }
        Dispatcher? dispatcher = null;
        using var counting = new CancellationTokenSource();
        Task<long?> total = Task.FromResult<long?>(null);

        Task supervise = Task.CompletedTask;
        try
        {
            await pool.StartAsync(abort.Token).ConfigureAwait(false);
            supervise = Task.Run(() => pool.SuperviseAsync(stopSupervising.Token), CancellationToken.None);
            dispatcher = new Dispatcher(
                endpoint, SocketLost, pool, requests, sink, options.Policy, done, cause, () => pool.Serving * concurrency, options.MaxAttempts,
                isolateSuspects: concurrency > 1);
            ProgressLine? progress = ProgressLine.StartIfWanted(options.Quiet, () => new ProgressLine.Snapshot(
                statistics.Records + dispatcher.Skipped,
                total.IsCompletedSuccessfully ? total.Result : null,
                statistics.Records / Math.Max(statistics.Elapsed.TotalSeconds, 0.001),
                statistics.Failed,
                pool.Alive));
            if (progress is not null)
            {
                total = Task.Run(() => LineCounter.CountRecordLines(options.Files, counting.Token), CancellationToken.None);
            }
            await using (progress)
            {
                Task dispatch = dispatcher.RunAsync(
                    InputReader.ReadAsync(options.Files, Console.OpenStandardInput, CancellationToken.None), stopInput.Token, abort.Token);
                if (await Task.WhenAny(dispatch, supervise).ConfigureAwait(false) == supervise)
                {
                    Abort("the run failed: its workers could not be kept running");
                    await supervise.ConfigureAwait(false); // rethrows WorkerStartException
                }
                await dispatch.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // interrupted during start-up or aborted: fall through to the stop
        }
        finally
        {
            await stopSupervising.CancelAsync().ConfigureAwait(false);
            try
            {
                await supervise.ConfigureAwait(false);
            }
            catch (WorkerStartException)
            {
                // already reported
            }
            await pool.StopAsync(abort.IsCancellationRequested ? TimeSpan.Zero : poolOptions.StopTimeout).ConfigureAwait(false);
            dispatcher?.Dispose();
            await counting.CancelAsync().ConfigureAwait(false);
            await total.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        // After a stop, the output is waited for until the grace period is over, not forever:
        // a reader that takes nothing (| sleep 600) would otherwise hold the run.
        bool complete = sink.Complete(abort.Token);
        if (!complete)
        {
            Log.Warning("stopped without writing every record: the output had not taken them {Seconds} s after the stop's deadline", WriteBehindStream.LastChance.TotalSeconds);
        }
        using FileStream? rewritten = complete && outputFailure is null && resumeFile is not null ? RewriteResumeFile(resumeFile) : null;
        if (outputFailure is not null)
        {
            if (outputFailure.ClosedByReader && OutputPath is null)
            {
                return ExitCodes.OutputClosed; // | head: the reader has what it wanted, quietly
            }
            Log.Error("cannot write to {Output}: {Reason}; stopped", OutputPath ?? "stdout", outputFailure.Message);
            return ExitCodes.Usage;
        }
        if (dispatcher is { Skipped: > 0 })
        {
            Log.Information("{Skipped} URLs skipped: already done in {File}", dispatcher.Skipped, options.ResumeFile);
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
        if (socketLost is not null)
        {
            return ExitCodes.Usage;
        }
        return signals.StopSignal switch
        {
            2 => ExitCodes.Interrupted,
            15 => ExitCodes.Terminated,
            _ => statistics.Failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Success,
        };
    }

    /// <summary>
    /// Raises the open-file limit as far as allowed and lowers the concurrency if the URLs in
    /// flight would still not fit: past the limit, connections fail with EMFILE and URLs would
    /// be retried and lost for want of a descriptor, not for anything the server did.
    /// </summary>
    private int ConcurrencyThatFits(int workers)
    {
        if (OpenFileLimit.Raise() is not long files)
        {
            return options.Concurrency;
        }
        int fitting = OpenFileLimit.FittingConcurrency(workers, options.Concurrency, files);
        if (fitting < options.Concurrency)
        {
            Log.Warning("open files are limited to {Limit} (ulimit -n): {Workers} workers x {Concurrency} connections do not fit; each worker serves {Fitting} at once",
                files, workers, options.Concurrency, fitting);
        }
        return fitting;
    }

    /// <summary>
    /// The workers that fit under the process limit (ulimit -u, counted in threads over all the
    /// user's processes), with room left for the parent's own threads: fewer than asked with a
    /// warning, and none, before anything starts, with exit 2 and the reason.
    /// </summary>
    private int WorkersThatFit()
    {
        if (ThreadLimit.Read() is not var (limit, used))
        {
            return options.Workers;
        }
        int fitting = ThreadLimit.WorkersThatFit(options.Workers, limit, used);
        if (fitting == 0)
        {
            throw new WorkerStartException(
                $"cannot start any worker: processes are limited to {limit} (ulimit -u, counted in threads over all of this user's processes), "
                + $"{used} run already, and the parent needs about {ThreadLimit.ParentGrowth} more and each worker about {ThreadLimit.PerWorker}: "
                + "raise the limit or end some of this user's processes");
        }
        if (fitting < options.Workers)
        {
            Log.Warning("processes are limited to {Limit} (ulimit -u, counted in threads over all of this user's processes) and {Used} run already: {Workers} workers do not fit; running with {Fitting}",
                limit, used, options.Workers, fitting);
        }
        return fitting;
    }

    /// <summary>
    /// Starts the threads the runtime creates on first use and cannot do without (the thread
    /// pool's gate thread, the timer thread) while the room kept for them is still there: once
    /// workers run, a failure to create one would abort the parent. Waited for here, so that the
    /// run goes on where it was.
    /// </summary>
    private static void StartRuntimeThreads()
    {
        Task.Run(() => { }).Wait();
        Task.Delay(1).Wait();
    }

    /// <summary>
    /// Refuses an output file that is a directory, or that is also an input: an input would be
    /// truncated before it is read (--output), or read back as it grows (--resume), however it
    /// is named: through a link, or as the file stdin is redirected from. Devices are left
    /// alone: `-o /dev/stdout` may be the terminal that stdin reads too.
    /// </summary>
    private void CheckOutputFile()
    {
        if (OutputPath is not string output)
        {
            return;
        }
        if (Directory.Exists(output))
        {
            throw new OutputFileException($"cannot open {(options.ResumeFile is null ? "output" : "resume")} file '{output}': it is a directory");
        }
        if (FileIdentity.Of(output) is not { IsRegularFile: true } target)
        {
            return;
        }
        foreach (string file in options.Files)
        {
            if ((file == "-" ? FileIdentity.Of(0) : FileIdentity.Of(file)) == target)
            {
                string input = file == "-" ? "stdin" : $"the input '{file}'";
                throw new OutputFileException(options.ResumeFile is null
                    ? $"--output '{output}' is {input}: it would be emptied before it is read"
                    : $"--resume '{output}' is {input}: records would be appended to the list being read");
            }
        }
    }

    /// <summary>
    /// Leaves the <c>--resume</c> file with one record per URL, the latest, once every record is
    /// in it. Returns the rewritten file, locked until the run exits, or null. A rewrite that
    /// fails leaves the file as it was, valid, with the latest record of a URL after the others.
    /// </summary>
    private FileStream? RewriteResumeFile(FileStream file)
    {
        try
        {
            return ResumeRewrite.Run(file, options.ResumeFile!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning("cannot rewrite resume file '{File}' with one record per URL: {Reason}; it keeps older records before the latest ones, and the next --resume tries again",
                options.ResumeFile, e.Message);
            return null;
        }
    }

    /// <summary>The file records go to, if not stdout.</summary>
    private string? OutputPath => options.ResumeFile ?? options.OutputFile;

    /// <summary>
    /// Opens where records go: stdout, the <c>--output</c> file (truncated), or the
    /// <c>--resume</c> file (read for the URLs done, repaired, then appended to).
    /// </summary>
    private IRecordWriter OpenOutput(DoneUrls? done, out FileStream? resumeFile)
    {
        Stream stream;
        resumeFile = null;
        bool header = true;
        if (options.ResumeFile is string resume)
        {
            if (options.OutputFile is string other && Path.GetFullPath(other) != Path.GetFullPath(resume))
            {
                throw new OutputFileException($"--resume appends to its own file '{resume}'; --output cannot name another one");
            }
            FileStream file = ResumeFile.Open(resume, done!);
            header = file.Length == 0;
            stream = file;
            resumeFile = file;
        }
        else if (options.OutputFile is string path)
        {
            try
            {
                stream = OutputFiles.Open(path, append: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new OutputFileException(OutputFiles.InUse(e)
                    ? $"output file '{path}' is in use by another run; wait for it to finish, or give another file"
                    : FileErrors.Describe("cannot open output file", path, e), e);
            }
        }
        else
        {
            stream = RecordWriter.OpenStandardOutput();
        }
        return options.Format == OutputFormat.Csv
            ? new CsvRecordWriter(stream, header, [.. options.Fetch.Selectors.Select(s => s.Name)], options.Fetch.Links)
            : new RecordWriter(stream);
    }
}
