using Serilog;
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
        catch (Exception e) when (e is InputException or SocketPathException or WorkerStartException)
        {
            Log.Error("{Message}", e.Message);
            return ExitCodes.Usage;
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }

    private async Task<int> ExecuteCoreAsync(bool color, CancellationToken cancellationToken)
    {
        foreach (string file in options.Files.Where(f => f != "-"))
        {
            InputReader.OpenFile(file).Dispose(); // fail before any worker starts
        }
        using var endpoint = SocketEndpoint.Create(options.SocketPath, backlog: Math.Max(512, options.Workers * options.Concurrency * 4));
        var launcher = new WorkerLauncher(endpoint.Listener, new WorkerSettings
        {
            ListenFd = -1,
            ParentPid = Environment.ProcessId,
            Concurrency = options.Concurrency,
            Fetch = options.Fetch,
            LogLevel = options.LogLevel,
            Color = color,
        });
        var poolOptions = new PoolOptions
        {
            Workers = options.Workers,
            WorkerTimeout = options.WorkerTimeout,
            // One URL takes at most (retries + 1) x timeout + the retry waits; then a margin.
            BusyLimit = options.Fetch.TotalBudget + TimeSpan.FromSeconds(10),
        };
        var requests = new RequestBook();
        using var pool = new WorkerPool(poolOptions, requests, changed => new WorkerHandle(launcher.Start(), changed));
        using var stopInput = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = new CancellationTokenSource();
        using var stopSupervising = new CancellationTokenSource();
        bool outputClosed = false;
        void Abort()
        {
            stopInput.Cancel();
            abort.Cancel();
            pool.KillAll();
        }
        // A background job reading a terminal gets SIGTTIN from the kernel on every read: then
        // SIGTTIN/SIGTTOU keep their default meaning instead of resizing the pool.
        bool resizable = !(options.Files.Contains("-") && !Console.IsInputRedirected);
        using var signals = new RunSignals(pool, resizable, stop: () =>
        {
            pool.BeginDraining();
            stopInput.Cancel();
            abort.CancelAfter(options.Grace);
        }, abort: Abort);
        using var writer = new RecordWriter(RecordWriter.OpenStandardOutput());
        var statistics = new RunStatistics();

        Task supervise = Task.CompletedTask;
        try
        {
            await pool.StartAsync(abort.Token).ConfigureAwait(false);
            supervise = Task.Run(() => pool.SuperviseAsync(stopSupervising.Token), CancellationToken.None);
            var dispatcher = new Dispatcher(endpoint.EndPoint, pool, requests, writer, statistics, () => pool.Target * options.Concurrency, options.MaxAttempts, () =>
            {
                if (!outputClosed)
                {
                    outputClosed = true;
                    Log.Debug("stdout closed by its reader; stopping");
                    Abort();
                }
            });
            Task dispatch = dispatcher.RunAsync(
                InputReader.ReadAsync(options.Files, Console.OpenStandardInput, CancellationToken.None), stopInput.Token, abort.Token);
            if (await Task.WhenAny(dispatch, supervise).ConfigureAwait(false) == supervise)
            {
                Abort();
                await supervise.ConfigureAwait(false); // rethrows WorkerStartException
            }
            await dispatch.ConfigureAwait(false);
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
        }

        if (outputClosed)
        {
            return ExitCodes.OutputClosed;
        }
        Log.Information("{Summary}", statistics.Summary());
        return signals.StopSignal switch
        {
            2 => ExitCodes.Interrupted,
            15 => ExitCodes.Terminated,
            _ => statistics.Failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Success,
        };
    }
}
