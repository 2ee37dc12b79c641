namespace WebFetch.Supervisor;

/// <summary>
/// The supervisor: keeps <see cref="Target"/> workers alive, like Unicorn's master.
/// <see cref="SuperviseAsync"/> is its whole life in one loop; each step is a method in the
/// part named for its concern: the watch over the workers (WorkerPool.Watch), the queued
/// commands (WorkerPool.Commands), keeping the count (WorkerPool.Count), start-up and stop
/// (WorkerPool.Lifecycle). Everything that touches the worker list runs on that loop, except
/// start-up and stop.
/// </summary>
internal sealed partial class WorkerPool : IDisposable
{
    private readonly PoolOptions _options;
    private readonly Func<WorkerHandle> _spawn;
    private readonly List<WorkerHandle> _workers = [];
    private readonly AsyncSignal _wake;
    private readonly TimeProvider _time;
    private readonly LostWorkRegistry _lost = new();
    private readonly RequestBook _requests;
    private int _generation;
    private volatile bool _draining;
    private int _alive;

    public WorkerPool(PoolOptions options, RequestBook requests, Func<Action, WorkerHandle> spawn)
        : this(options, requests, spawn, TimeProvider.System)
    {
    }

    /// <param name="options">How the pool keeps its workers.</param>
    /// <param name="requests">The URLs of the requests, for the log.</param>
    /// <param name="spawn">Starts a worker, given what to call when it changes; throws when the system will not.</param>
    /// <param name="time">The clock of every timeout, back-off and pause here; the handles <paramref name="spawn"/> makes must use it too.</param>
    public WorkerPool(PoolOptions options, RequestBook requests, Func<Action, WorkerHandle> spawn, TimeProvider time)
    {
        _time = time;
        _wake = new AsyncSignal(time);
        _options = options;
        _requests = requests;
        Target = options.Workers;
        _spawn = () => spawn(Wake);
    }

    public int Target { get; private set; }

    /// <summary>
    /// The workers to plan work for: <see cref="Target"/>, or, while no more can be started,
    /// those running (at least one).
    /// </summary>
    public int Serving => _spawnFailures > 0 ? Math.Max(1, Alive) : Target;

    /// <summary>Workers alive and not leaving, for progress and tests.</summary>
    public int Alive => Volatile.Read(ref _alive);

    /// <summary>The loop, in one screen: reap the dead, notice our own pause, act on one signal, kill the lazy, keep the count, wait.</summary>
    public async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                SuperviseOnce();
                await SleepAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            EndLoop();
        }
    }

    /// <summary>One pass of the loop; tests drive the loop with it, one pass at a time.</summary>
    internal void SuperviseOnce()
    {
        ReapDeadWorkers();
        NoticeOwnPause();
        HandleQueuedCommand();
        KillLazyWorkers();
        MaintainWorkerCount();
        ContinueRollingRestart();
    }

    public void Wake() => _wake.Set();

    /// <summary>
    /// The run is stopping: from now on a worker that leaves is replaced only when none is
    /// left, so the URLs still in flight can be retried but a group-wide SIGTERM does not
    /// set off a wave of new workers.
    /// </summary>
    public void BeginDraining()
    {
        _draining = true;
        Wake();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task SleepAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _wake.WaitAsync(Timings.SupervisorPass, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private IEnumerable<WorkerHandle> Active() => _workers.Where(w => !w.Retiring && !w.HasExited);

    /// <summary>The workers not leaving, with those that died since the last reaping.</summary>
    private IEnumerable<WorkerHandle> Unreaped() => _workers.Where(w => !w.Retiring);

    public void Dispose()
    {
        foreach (WorkerHandle worker in _workers)
        {
            worker.Dispose();
        }
    }
}
