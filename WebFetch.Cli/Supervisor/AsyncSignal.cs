namespace WebFetch.Supervisor;

/// <summary>
/// Wakes one waiting loop: <see cref="Set"/> from any thread; a set that comes while nobody
/// waits is kept for the next wait, so no wake-up is lost. Sets that come before a wait are
/// one wake-up, not one each. The timeout runs on the given clock (a fake one in tests).
/// </summary>
internal sealed class AsyncSignal(TimeProvider time)
{
    private TaskCompletionSource _set = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AsyncSignal()
        : this(TimeProvider.System)
    {
    }

    public void Set() => Volatile.Read(ref _set).TrySetResult();

    /// <summary>Returns when set (at once if set since the last wait) or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskCompletionSource current = Volatile.Read(ref _set);
        if (!current.Task.IsCompleted)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task delay = Task.Delay(timeout, time, stop.Token);
            await Task.WhenAny(current.Task, delay).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _set, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }
}
