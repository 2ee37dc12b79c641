using System.Runtime.InteropServices;
using WebFetch.Pipeline;
using WebFetch.Supervisor;
using WebFetch.Worker;

namespace WebFetch.Cli;

/// <summary>
/// The pool of worker processes on this machine, as <c>run</c> and <c>serve</c> both compose
/// it: the listening socket, the launcher, the supervised pool, the stop state and the signal
/// handlers. <see cref="RunAsync"/> starts the workers, runs the work beside their supervisor,
/// and stops them whatever happened; <see cref="Client"/> is the way to them for that work.
/// </summary>
internal sealed class LocalWorkers : IDisposable
{
    private readonly RunSignals _signals;

    /// <param name="setup">What the pool is to be.</param>
    /// <param name="cancellation">Stops the work when cancelled, as a stop signal does.</param>
    public LocalWorkers(LocalWorkersSetup setup, CancellationToken cancellation)
    {
        Concurrency = setup.Concurrency;
        Endpoint = SocketEndpoint.Create(setup.SocketPath, backlog: Timings.ListenBacklog(setup.Workers, setup.Concurrency));
        try
        {
            var launcher = new WorkerLauncher(Endpoint.Listener, new WorkerSettings
            {
                ListenFd = -1,
                ParentPid = Environment.ProcessId,
                Concurrency = setup.Concurrency,
                Fetch = setup.Fetch,
                DoneTableFd = setup.DoneTableFd,
                LogLevel = setup.LogLevel,
                Color = setup.Color,
            });
            PoolOptions = new PoolOptions
            {
                Workers = setup.Workers,
                WorkerTimeout = setup.WorkerTimeout,
                BusyLimit = setup.BusyLimit,
                OpenFileLimit = OpenFileLimit.Raise(),
                ParentFilesPerWorker = OpenFileLimit.PerWorker + setup.Concurrency,
            };
            Pool = new WorkerPool(PoolOptions, Requests, changed => new WorkerHandle(launcher.Start(), changed));
            Stop = new RunStop(setup.Grace, Pool.BeginDraining, Pool.KillAll, TimeProvider.System, cancellation);
            _signals = new RunSignals(Pool, setup.Resizable, stop: Stop.Stop, abort: Stop.Abort);
        }
        catch
        {
            Stop?.Dispose();
            Pool?.Dispose();
            Endpoint.Dispose();
            throw;
        }
    }

    public SocketEndpoint Endpoint { get; }

    public WorkerPool Pool { get; }

    public PoolOptions PoolOptions { get; }

    /// <summary>The URLs of the requests in flight, for the log.</summary>
    public RequestBook Requests { get; } = new();

    public RunStop Stop { get; }

    /// <summary>The connections each worker serves at once.</summary>
    public int Concurrency { get; }

    /// <summary>The URLs the workers can take at once: workers x concurrency, following SIGTTIN/SIGTTOU.</summary>
    public int Window => Pool.Serving * Concurrency;

    /// <summary>The first stop signal, if one came.</summary>
    public PosixSignal? StopSignal => _signals.StopSignal;

    /// <summary>The worker client over <paramref name="exchange"/>: a lost URL is tried again up to <paramref name="maxAttempts"/> counted losses.</summary>
    public WorkerClient Client(IWorkerExchange exchange, int maxAttempts) =>
        new(exchange, Pool, Requests, new SocketWatch(Endpoint.Lost, Stop.SocketLost), Stop.Cause, maxAttempts, isolateSuspects: Concurrency > 1);

    /// <summary>
    /// Starts the workers and their supervisor, runs <paramref name="work"/> (with
    /// <paramref name="alongside"/>, made once the workers are up and disposed as the work ends),
    /// and stops the workers whatever happened: at once after an abort, else within the pool's
    /// stop timeout. Workers that cannot be kept running abort the work and throw
    /// <see cref="WorkerStartException"/>.
    /// </summary>
    public async Task RunAsync(Func<Task> work, Func<IAsyncDisposable?>? alongside = null)
    {
        Task supervise = Task.CompletedTask;
        try
        {
            await Pool.StartAsync(Stop.Aborted).ConfigureAwait(false);
            supervise = Task.Run(() => Pool.SuperviseAsync(Stop.SupervisingStopped), CancellationToken.None);
            await using (alongside?.Invoke())
            {
                Task running = work();
                if (await Task.WhenAny(running, supervise).ConfigureAwait(false) == supervise)
                {
                    Stop.Abort("the run failed: its workers could not be kept running");
                    await supervise.ConfigureAwait(false); // rethrows WorkerStartException
                }
                await running.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (Stop.IsAborted)
        {
            // interrupted during start-up or aborted: fall through to the stop
        }
        finally
        {
            await Stop.StopSupervisingAsync().ConfigureAwait(false);
            try
            {
                await supervise.ConfigureAwait(false);
            }
            catch (WorkerStartException)
            {
                // already reported
            }
            await Pool.StopAsync(Stop.IsAborted ? TimeSpan.Zero : PoolOptions.StopTimeout).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _signals.Dispose();
        Stop.Dispose();
        Pool.Dispose();
        Endpoint.Dispose();
    }
}
