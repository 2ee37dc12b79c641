namespace WebFetch.Fetching;

/// <summary>
/// The descriptors a worker may spend on connections to servers, idle pooled ones included.
/// A request enters before it is sent and leaves once its response headers are in (its
/// connection is then open and counted); it enters only while the open connections and the
/// requests that may open one fit in <see cref="Capacity"/>, and otherwise waits for a
/// connection to close. Idle pooled connections close when their idle time ends, so the
/// wait is short when, as the pool fills, new connections are made short-lived
/// (<see cref="IsCrowded"/>).
/// </summary>
/// <remarks>
/// A connection is counted from the moment it is being made until its stream is disposed,
/// whether the connection pool or a failed connect disposes it.
/// </remarks>
internal sealed class DescriptorBudget
{
    /// <summary>A budget that never waits, for a process without a known limit.</summary>
    public static readonly int Unlimited = int.MaxValue / 2;

    private readonly Lock _lock = new();
    private readonly int _longLivedRoom;
    private TaskCompletionSource _freed = NewSignal();
    private int _open;
    private int _requests;

    /// <param name="capacity">Connections that may be open at once.</param>
    /// <param name="concurrency">Requests that may be in flight at once: room kept for their connections when idle ones are kept long.</param>
    public DescriptorBudget(int capacity, int concurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        Capacity = capacity;
        _longLivedRoom = Math.Max(0, (capacity - concurrency) / 2);
    }

    public int Capacity { get; }

    /// <summary>Connections open now, busy or idle.</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>
    /// True when half of the room beyond the requests in flight is taken: a connection made now
    /// should not be kept idle for long, or idle connections would leave no room for new ones.
    /// </summary>
    public bool IsCrowded
    {
        get
        {
            lock (_lock)
            {
                return _open + _requests > _longLivedRoom;
            }
        }
    }

    /// <summary>Waits until a request fits, then counts it in; call <see cref="Leave"/> once its connection is made or it failed.</summary>
    public async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task freed;
            lock (_lock)
            {
                if (_open + _requests < Capacity)
                {
                    _requests++;
                    return;
                }
                freed = _freed.Task;
            }
            await freed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Leave() => Free(ref _requests);

    /// <summary>A connection is being made: counted until <see cref="Closed"/>.</summary>
    public void Opened()
    {
        lock (_lock)
        {
            _open++;
        }
    }

    public void Closed() => Free(ref _open);

    /// <summary>Completes when a connection closes or a request leaves, or after <paramref name="longest"/>.</summary>
    public async Task FreedAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        Task freed;
        lock (_lock)
        {
            freed = _freed.Task;
        }
        try
        {
            await freed.WaitAsync(longest, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // nothing freed: the caller tries again anyway (a descriptor may have been freed elsewhere in the process)
        }
    }

    private void Free(ref int counter)
    {
        TaskCompletionSource freed;
        lock (_lock)
        {
            if (counter <= 0)
            {
                throw new InvalidOperationException("a descriptor was freed that was never counted");
            }
            counter--;
            freed = _freed;
            _freed = NewSignal();
        }
        freed.SetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
