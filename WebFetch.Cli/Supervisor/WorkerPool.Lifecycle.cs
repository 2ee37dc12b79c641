using Serilog;

namespace WebFetch.Supervisor;

/// <summary>Start-up, stop and the questions the dispatcher asks of the pool.</summary>
internal sealed partial class WorkerPool : IRequestLosses
{
    /// <summary>
    /// Starts the workers and returns as soon as one of them is ready to accept: connections
    /// wait in the listen backlog, and the others join the accept race as they come up (the
    /// supervisor loop then watches their start, as it watches every replacement).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        try
        {
            while (!Active().Any(w => w.Ready.IsCompletedSuccessfully))
            {
                if (_time.GetElapsedTime(started) > _options.StartTimeout)
                {
                    throw new WorkerStartException($"no worker was ready within {_options.StartTimeout.TotalSeconds} s");
                }
                ReapDeadWorkers();
                HandleQueuedCommand(); // a stop or abort during start-up reaches the run now
                MaintainWorkerCount();
                await SleepAsync(cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch
        {
            EndLoop(); // no supervision follows a failed start
            throw;
        }
        Log.Debug("first of {Count} workers ready in {Ms:0} ms", Target, _time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Stops every worker: HALT (finish what you hold and leave), then, after
    /// <paramref name="timeout"/>, SIGKILL for the rest. Returns when all are reaped.
    /// Runs after <see cref="SuperviseAsync"/> has returned.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        EndLoop(); // a stop or abort queued from now on, or never taken up, is acted on as it comes
        foreach (WorkerHandle worker in _workers)
        {
            worker.Halt();
        }
        if (!await WaitForAllEndAsync(timeout).ConfigureAwait(false))
        {
            KillAll();
            await WaitForAllEndAsync(Timings.KilledReapWait).ConfigureAwait(false);
        }
        ReapDeadWorkers();
    }

    /// <summary>SIGKILL to every worker at once (second interrupt, broken stdout). Safe from any thread.</summary>
    public void KillAll()
    {
        foreach (WorkerHandle worker in _lost.Known)
        {
            worker.Kill();
        }
    }

    public Task<RequestLoss> DescribeLossAsync(long requestId, CancellationToken cancellationToken) =>
        _lost.DescribeLossAsync(requestId, cancellationToken);

    /// <summary>The pid of the worker that began request <paramref name="requestId"/>, if one did.</summary>
    public int? HolderOf(long requestId) => _lost.HolderOf(requestId);

    private async Task<bool> WaitForAllEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout, _time);
        try
        {
            await Task.WhenAll(_workers.Select(w => w.WaitForEndAsync(cts.Token))).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
