using System.ComponentModel;
using Serilog;

namespace WebFetch.Supervisor;

/// <summary>
/// Keeping the count: start workers up to the target, shrink to it, replace every worker
/// on a rolling restart, and back off when the system will not start one or a worker dies
/// before it is ready.
/// </summary>
internal sealed partial class WorkerPool
{
    private int _startFailures;
    private int _spawnFailures;
    private long _lastStartFailureAt;
    private bool _gaveUp;
    private long _nextSpawnAt;

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

    /// <summary>The wait before the next start after <paramref name="failures"/> failures in a row: doubling, up to the longest.</summary>
    private static TimeSpan BackOff(int failures) =>
        Min(Timings.SpawnBackOffLongest, Timings.SpawnBackOffFirst * (1 << Math.Min(failures - 1, 5)));

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
}
