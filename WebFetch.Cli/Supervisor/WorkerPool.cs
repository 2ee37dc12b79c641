using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Serilog;

namespace WebFetch.Supervisor;

/// <summary>
/// The supervisor: keeps <see cref="Target"/> workers alive, like Unicorn's master.
/// <see cref="SuperviseAsync"/> is its whole life in one loop; each step is a method below.
/// Everything that touches the worker list runs on that loop, except start-up and stop.
/// </summary>
internal sealed partial class WorkerPool : IDisposable
{
    private readonly PoolOptions _options;
    private readonly Func<WorkerHandle> _spawn;
    private readonly List<WorkerHandle> _workers = [];
    private readonly ConcurrentQueue<PoolCommand> _commands = new();
    private readonly AsyncSignal _wake;
    private readonly TimeProvider _time;
    private readonly LostWorkRegistry _lost = new();
    private readonly RequestBook _requests;
    private int _generation;
    private volatile bool _draining;
    private int _startFailures;
    private int _spawnFailures;
    private long _lastStartFailureAt;
    private bool _gaveUp;
    private long _nextSpawnAt;
    private long _lastPass;
    private long _resumedAt;
    private bool _loopEnded;
    private Action<PosixSignal>? _stop;
    private Action<PosixSignal>? _abort;

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

    private int _alive;

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

    /// <summary>
    /// Queues a command from a signal handler and wakes the loop. Once the loop has ended (the
    /// run is stopping, or its start failed) a stop or abort is acted on here and now, as no
    /// loop is left to act on it.
    /// </summary>
    public void Enqueue(PoolCommand command)
    {
        _commands.Enqueue(command);
        Wake();
        if (Volatile.Read(ref _loopEnded))
        {
            ActOnStopsLeft();
        }
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

    private void ReapDeadWorkers()
    {
        for (int i = _workers.Count - 1; i >= 0; i--)
        {
            WorkerHandle worker = _workers[i];
            if (!worker.HasEnded)
            {
                continue; // running, or its last control lines are still on their way
            }
            _workers.RemoveAt(i);
            bool early = !worker.Ready.IsCompletedSuccessfully;
            if (worker.Error is { } error)
            {
                Log.Warning("worker {Pid} failed: {Error} ({Status}) after serving {Served}{Early}",
                    worker.Pid, error, worker.ExitDescription, worker.Served, early ? ", before it was ready" : "");
            }
            else if (worker.EndedAsAsked)
            {
                Log.Debug("worker {Pid} left ({Status}) after serving {Served}", worker.Pid, worker.ExitDescription, worker.Served);
            }
            else if (worker.ExitedCleanly && !early)
            {
                Log.Information("worker {Pid} left on its own (exit code 0) after serving {Served}", worker.Pid, worker.Served);
            }
            else
            {
                Log.Warning("worker {Pid} died ({Status}) after serving {Served}{Early}",
                    worker.Pid, worker.ExitDescription, worker.Served, early ? ", before it was ready" : "");
            }
            _lost.Remember(worker);
            if (early && !worker.EndedAsAsked)
            {
                CountStartFailure(worker);
            }
        }
        Volatile.Write(ref _alive, Active().Count());
    }

    /// <summary>
    /// One step of the run's start-up failure streak, whichever worker it was: workers started
    /// together that die together are one failure, not one per worker, and while the streak
    /// lasts one worker at a time is started after each back-off (<see cref="BackOff"/>), so
    /// the run gives up after <see cref="PoolOptions.MaxStartFailures"/> tries, whatever the
    /// worker count. It gives up once.
    /// </summary>
    private void CountStartFailure(WorkerHandle worker)
    {
        if (_gaveUp || worker.StartedAt <= _lastStartFailureAt)
        {
            return; // started before the last counted failure: the same failure, seen again
        }
        _startFailures++;
        _lastStartFailureAt = _time.GetTimestamp();
        if (_startFailures >= _options.MaxStartFailures)
        {
            _gaveUp = true;
            throw new WorkerStartException(
                $"{_startFailures} workers in a row died before they were ready (last: {worker.ExitDescription}); giving up");
        }
        _nextSpawnAt = _lastStartFailureAt + (long)(BackOff(_startFailures).TotalSeconds * _time.TimestampFrequency);
    }

    private void HandleQueuedCommand()
    {
        if (!_commands.TryDequeue(out PoolCommand? command))
        {
            return;
        }
        switch (command)
        {
            case PoolCommand.AddWorker:
                Target++;
                Log.Information("SIGTTIN: workers {From} -> {To}", Target - 1, Target);
                break;
            case PoolCommand.RemoveWorker when Target > 1:
                Target--;
                Log.Information("SIGTTOU: workers {From} -> {To}", Target + 1, Target);
                break;
            case PoolCommand.RemoveWorker:
                Log.Information("SIGTTOU ignored: the pool keeps at least one worker");
                break;
            case PoolCommand.RollingRestart:
                _generation++;
                Log.Information("SIGHUP: replacing {Count} workers one at a time", Active().Count());
                break;
            default:
                ActOnStop(command);
                break;
        }
        if (!_commands.IsEmpty)
        {
            Wake();
        }
    }

    /// <summary>
    /// While the parent was not running, its workers went on: their heartbeats and answers of
    /// that time wait unread in the pipes and sockets. Silence is counted from when the parent
    /// came back, or every worker would be killed as lazy the moment a stopped run is resumed.
    /// </summary>
    private void NoticeOwnPause()
    {
        long now = _time.GetTimestamp();
        TimeSpan gap = _time.GetElapsedTime(_lastPass, now);
        if (_lastPass != 0 && gap > Timings.PauseThreshold)
        {
            Log.Information("the supervisor did not run for {Seconds:0.0} s (stopped or starved); worker silence counts from now", gap.TotalSeconds);
            _resumedAt = now;
        }
        _lastPass = now;
    }

    private void KillLazyWorkers()
    {
        TimeSpan sinceResumed = _resumedAt == 0 ? TimeSpan.MaxValue : _time.GetElapsedTime(_resumedAt);
        foreach (WorkerHandle worker in _workers)
        {
            if (worker.HasExited)
            {
                continue;
            }
            TimeSpan silent = Min(worker.SinceHeard, sinceResumed);
            if (silent > _options.WorkerTimeout)
            {
                Log.Warning("worker {Pid} silent for {Seconds:0.0} s (timeout {Timeout} s){Holding}: killing it",
                    worker.Pid, silent.TotalSeconds, _options.WorkerTimeout.TotalSeconds,
                    worker.OldestRequest is { } held ? $" holding {_requests.Describe(held.RequestId)}" : "");
                worker.Kill();
            }
            else if (worker.OldestRequest is { } busy && Min(busy.Elapsed, sinceResumed) > _options.BusyLimit)
            {
                Log.Warning("worker {Pid} stuck on {Url} for {Seconds:0.0} s (limit {Limit} s): killing it",
                    worker.Pid, _requests.Describe(busy.RequestId), busy.Elapsed.TotalSeconds, _options.BusyLimit.TotalSeconds);
                worker.Kill();
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The wait before the next start after <paramref name="failures"/> failures in a row: doubling, up to the longest.</summary>
    private static TimeSpan BackOff(int failures) =>
        Min(Timings.SpawnBackOffLongest, Timings.SpawnBackOffFirst * (1 << Math.Min(failures - 1, 5)));

    private void MaintainWorkerCount()
    {
        if (_startFailures > 0 && Active().Any(w => w.Ready.IsCompletedSuccessfully && w.Age > Timings.WorkerSettled))
        {
            _startFailures = 0;
        }
        // A worker that died since this pass reaped is still counted: it is replaced once
        // reaped, after its back-off, not at once behind the reaping's back.
        int active = Unreaped().Count();
        int wanted = _draining ? Math.Min(1, Target) : Target;
        // In a start-up failure streak, one worker at a time tries, after the back-off, and
        // only once the last one is ready or reaped.
        bool probing = _startFailures > 0;
        if (active < wanted && _time.GetTimestamp() >= _nextSpawnAt
            && !(probing && Unreaped().Any(w => !w.Ready.IsCompletedSuccessfully)))
        {
            for (; active < wanted; active++)
            {
                if (TrySpawn() is null || probing)
                {
                    break;
                }
            }
        }
        else if (!_draining && active > Target && _generation == Active().Min(w => w.Generation))
        {
            // shrink: the most recent worker leaves after finishing what it holds
            WorkerHandle leaving = Active().OrderBy(w => w.OldestRequest is null ? 0 : 1).ThenByDescending(w => w.StartedAt).First();
            Log.Information("halting worker {Pid}", leaving.Pid);
            leaving.Halt();
        }
    }

    private void ContinueRollingRestart()
    {
        WorkerHandle? old = Active().FirstOrDefault(w => w.Generation < _generation);
        if (_draining || old is null || Active().Any(w => !w.Ready.IsCompleted))
        {
            return;
        }
        if (Active().Count() > Target)
        {
            Log.Information("rolling restart: halting worker {Pid}", old.Pid);
            old.Halt();
        }
        else if (_time.GetTimestamp() >= _nextSpawnAt)
        {
            TrySpawn(); // the replacement first, so capacity never drops; after a failure, once its back-off is over
        }
    }

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

    /// <summary>
    /// Starts a worker, or, when the system will not start one (no descriptor left for its
    /// pipes, no process left under <c>ulimit -u</c>), runs on with the workers it has and
    /// tries again after a back-off. Only when not even one worker runs does the run give up,
    /// after <see cref="PoolOptions.MaxStartFailures"/> tries in a row.
    /// </summary>
    private WorkerHandle? TrySpawn()
    {
        if (DescriptorShortage() is string shortage)
        {
            SpawnFailed(shortage);
            return null;
        }
        WorkerHandle worker;
        try
        {
            worker = Spawn();
        }
        catch (Exception e) when (e is Win32Exception or IOException)
        {
            SpawnFailed(SpawnFailure.Describe(e));
            return null;
        }
        if (_spawnFailures > 0)
        {
            Log.Information("started a worker again after {Count} failed tries", _spawnFailures);
            _spawnFailures = 0;
        }
        return worker;
    }

    /// <summary>Why another worker would not fit under the open file limit, or null if it fits.</summary>
    private string? DescriptorShortage()
    {
        if (_options.OpenFileLimit is not long limit || OpenFileLimit.OpenNow() is not int open
            || open + _options.ParentFilesPerWorker + OpenFileLimit.ParentSpare <= limit)
        {
            return null;
        }
        return $"too many open files: {open} of the {limit} allowed (ulimit -n) are open, and a worker needs {_options.ParentFilesPerWorker} more; raise the limit or use fewer workers";
    }

    private void SpawnFailed(string reason)
    {
        _spawnFailures++;
        int running = Unreaped().Count();
        if (running == 0 && _spawnFailures >= _options.MaxStartFailures)
        {
            throw new WorkerStartException($"cannot start any worker: {reason} ({_spawnFailures} tries)");
        }
        _nextSpawnAt = _time.GetTimestamp() + (long)(BackOff(_spawnFailures).TotalSeconds * _time.TimestampFrequency);
        if (_spawnFailures == 1)
        {
            Log.Warning("cannot start a worker: {Reason}; running with {Running} of {Target} and trying again", reason, running, Target);
        }
        else
        {
            Log.Debug("cannot start a worker ({Count} tries in a row): {Reason}", _spawnFailures, reason);
        }
    }

    private WorkerHandle Spawn()
    {
        WorkerHandle worker = _spawn();
        worker.Generation = _generation;
        _workers.Add(worker);
        _lost.Track(worker);
        Log.Debug("started worker {Pid}", worker.Pid);
        Volatile.Write(ref _alive, Active().Count());
        return worker;
    }

    public void Dispose()
    {
        foreach (WorkerHandle worker in _workers)
        {
            worker.Dispose();
        }
    }
}
