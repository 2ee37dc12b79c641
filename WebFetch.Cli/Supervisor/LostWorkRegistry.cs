using System.Collections.Concurrent;

namespace WebFetch.Supervisor;

/// <summary>
/// Answers "which worker held request N, and how did it end?" for the dispatcher when a
/// connection closes without a result. Holds the live workers and the last few dead ones,
/// shared between the supervisor loop (writer) and the dispatch tasks (readers).
/// </summary>
internal sealed class LostWorkRegistry
{
    private const int DeadKept = 256;

    private readonly ConcurrentDictionary<int, WorkerHandle> _workers = new();
    private readonly ConcurrentQueue<int> _dead = new();

    /// <summary>The live workers and the recently dead ones.</summary>
    public IEnumerable<WorkerHandle> Known => _workers.Values;

    public void Track(WorkerHandle worker) => _workers[worker.Pid] = worker;

    public void Remember(WorkerHandle dead)
    {
        _dead.Enqueue(dead.Pid);
        while (_dead.Count > DeadKept && _dead.TryDequeue(out int old))
        {
            _workers.TryRemove(old, out _);
        }
    }

    /// <summary>The pid of the worker that began request <paramref name="requestId"/> (its BUSY line came), if one did.</summary>
    public int? HolderOf(long requestId) => _workers.Values.FirstOrDefault(w => w.Holds(requestId))?.Pid;

    /// <summary>
    /// Describes the fate of a request whose connection closed without a result. The worker's
    /// BUSY and DONE lines and its death travel on other channels than the connection, so this
    /// waits a little for them: a worker that reports the request done ended it without an
    /// answer (gave the answer up unread, or failed to write it); one that dies with it took it
    /// along.
    /// </summary>
    public async Task<RequestLoss> DescribeLossAsync(long requestId, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + Timings.LossReportWait;
        WorkerHandle? holder = null;
        while (DateTime.UtcNow < deadline)
        {
            WorkerHandle? finisher = _workers.Values.FirstOrDefault(w => w.Finished(requestId));
            if (finisher is not null)
            {
                return new RequestLoss(
                    $"worker {finisher.Pid} finished the request but its answer was not delivered (not read in time, or the write failed)",
                    Started: true);
            }
            holder = _workers.Values.FirstOrDefault(w => w.Holds(requestId)) ?? holder;
            if (holder is not null && holder.HasExited)
            {
                return new RequestLoss($"worker {holder.Pid} {holder.ExitDescription}", Started: true);
            }
            if (holder is not null)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(Timings.LossReportPoll);
                try
                {
                    await holder.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // still running: look for its DONE line again
                }
                continue;
            }
            await Task.Delay(Timings.LossReportPoll, cancellationToken).ConfigureAwait(false);
        }
        return holder is not null
            ? new RequestLoss($"worker {holder.Pid} closed the connection without a result", Started: true)
            : new RequestLoss("the connection closed without a result before any worker began the request", Started: false);
    }
}
