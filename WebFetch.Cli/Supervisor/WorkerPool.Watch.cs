using Serilog;

namespace WebFetch.Supervisor;

/// <summary>
/// The watch over the workers: reap the dead, notice the parent's own pause, kill the lazy
/// (silent past the worker timeout, or holding one URL past the busy limit).
/// </summary>
internal sealed partial class WorkerPool
{
    private long _lastPass;
    private long _resumedAt;

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
}
