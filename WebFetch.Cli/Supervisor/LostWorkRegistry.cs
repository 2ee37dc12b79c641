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
    /// BUSY line and its death travel on different channels, so this waits a little for both.
    /// </summary>
    public async Task<RequestLoss> DescribeLossAsync(long requestId, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (DateTime.UtcNow < deadline)
        {
            WorkerHandle? holder = _workers.Values.FirstOrDefault(w => w.Holds(requestId));
            if (holder is not null)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(deadline - DateTime.UtcNow);
                try
                {
                    await holder.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                    return new RequestLoss($"worker {holder.Pid} {holder.ExitDescription}", Started: true);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return new RequestLoss($"worker {holder.Pid} closed the connection without a result", Started: true);
                }
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        return new RequestLoss("the connection closed without a result before any worker began the request", Started: false);
    }
}
