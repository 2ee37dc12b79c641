namespace WebFetch.Pipeline;

/// <summary>The tasks a dispatcher started (one per URL in flight or waiting for its first occurrence), so that the run ends only when all have. Thread-safe.</summary>
internal sealed class TaskTracker
{
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _running = [];

    public void Track(Task task)
    {
        lock (_gate)
        {
            _running.Add(task);
        }
        _ = task.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    _running.Remove(t);
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits until every task tracked, including those started meanwhile, has ended.</summary>
    public async Task WaitForAllAsync()
    {
        while (true)
        {
            Task[] remaining;
            lock (_gate)
            {
                remaining = [.. _running];
            }
            if (remaining.Length == 0)
            {
                return;
            }
            try
            {
                await Task.WhenAll(remaining).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // not expected: an aborted URL ends as interrupted
            }
            lock (_gate)
            {
                _running.ExceptWith(remaining);
            }
        }
    }
}
