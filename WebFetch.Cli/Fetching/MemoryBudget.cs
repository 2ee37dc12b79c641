namespace WebFetch.Fetching;

/// <summary>
/// The bytes a worker may hold for the pages it reads at once: each body as it arrives and
/// the text it decodes to. Every page takes its share through a <see cref="MemoryLease"/>,
/// step by step as its body grows, so the sum stays under <see cref="Capacity"/> whatever
/// the concurrency and <c>--max-bytes</c> are. A page that needs more than is free waits,
/// in the order the pages asked, until others give theirs back. A page that could never fit
/// (it alone would pass the capacity) fails at once as too large. When every page that
/// holds a share is waiting for more, none could ever go on: the latest of them to start
/// gives its share up (its attempt fails as contended, and the fetcher reads the page again).
/// </summary>
internal sealed class MemoryBudget
{
    /// <summary>The least capacity: pages of the default cap read side by side, small ones never wait.</summary>
    public const long MinimumCapacity = 256L << 20;

    private readonly Lock _gate = new();
    private readonly List<Waiter> _waiters = [];
    private long _used;
    private int _holders;
    private long _opened;
    private long _capacity;

    public MemoryBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>The most all leases may hold at once; it only grows (<see cref="GrowTo"/>).</summary>
    public long Capacity => Interlocked.Read(ref _capacity);

    /// <summary>
    /// Raises <see cref="Capacity"/> to <paramref name="capacity"/> if it is lower, and grants
    /// the waiters that now fit: the budget of a worker whose pages may now be larger.
    /// </summary>
    public void GrowTo(long capacity)
    {
        lock (_gate)
        {
            if (capacity > _capacity)
            {
                Interlocked.Exchange(ref _capacity, capacity);
                Pump();
            }
        }
    }

    /// <summary>The bytes all leases hold now.</summary>
    public long Used
    {
        get
        {
            lock (_gate)
            {
                return _used;
            }
        }
    }

    /// <summary>How many takes wait now.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>
    /// The budget for pages of at most <paramref name="maxBytes"/>: room for one such page
    /// (<see cref="PageCost"/>), and never less than <see cref="MinimumCapacity"/>.
    /// </summary>
    public static long ForPages(long maxBytes, bool keepsText) => Math.Max(MinimumCapacity, PageCost(maxBytes, keepsText));

    /// <summary>What reading and parsing a body of <paramref name="bytes"/> bytes holds at most: the bytes, then the text.</summary>
    public static long PageCost(long bytes, bool keepsText) => bytes + TextCost(bytes, keepsText);

    /// <summary>
    /// The decoded text of a body: two bytes for each character of its buffer
    /// (<see cref="HtmlExtractor.TextChars"/>); twice that when the tree keeps the text too
    /// (<c>--select</c> reads it).
    /// </summary>
    public static long TextCost(long bytes, bool keepsText) => 2 * HtmlExtractor.TextChars(bytes) * (keepsText ? 2 : 1);

    /// <summary>A share for one page, empty until it takes bytes; disposing it gives them all back.</summary>
    public MemoryLease Open() => new(this, Interlocked.Increment(ref _opened));

    /// <summary>Takes <paramref name="bytes"/> now if they are free and nobody waits before; never waits.</summary>
    internal bool TryTake(MemoryLease lease, long bytes)
    {
        lock (_gate)
        {
            if (_waiters.Count > 0 || _used + bytes > _capacity)
            {
                return false;
            }
            Grant(lease, bytes);
            return true;
        }
    }

    internal ValueTask TakeAsync(MemoryLease lease, long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes == 0)
        {
            return ValueTask.CompletedTask;
        }
        Waiter waiter;
        lock (_gate)
        {
            if (lease.Held + bytes > _capacity)
            {
                throw new MemoryBudgetException(
                    $"the page needs more than the worker's {_capacity}-byte memory budget for pages (--max-bytes sets it)", contended: false);
            }
            if (_waiters.Count == 0 && _used + bytes <= _capacity)
            {
                Grant(lease, bytes);
                return ValueTask.CompletedTask;
            }
            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(lease, bytes);
            _waiters.Add(waiter);
            BreakDeadlock();
        }
        if (cancellationToken.CanBeCanceled)
        {
            CancellationTokenRegistration registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
            _ = waiter.Done.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return new ValueTask(waiter.Done.Task);
    }

    internal void Give(MemoryLease lease, long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }
        lock (_gate)
        {
            bytes = Math.Min(bytes, lease.Held);
            _used -= bytes;
            lease.Held -= bytes;
            if (lease.Held == 0 && bytes > 0)
            {
                _holders--;
            }
            Pump();
            BreakDeadlock();
        }
    }

    private void Grant(MemoryLease lease, long bytes)
    {
        if (lease.Held == 0 && bytes > 0)
        {
            _holders++;
        }
        lease.Held += bytes;
        _used += bytes;
    }

    /// <summary>Grants the waiters in order while the first one fits.</summary>
    private void Pump()
    {
        while (_waiters.Count > 0 && _used + _waiters[0].Bytes <= _capacity)
        {
            Waiter first = _waiters[0];
            _waiters.RemoveAt(0);
            Grant(first.Lease, first.Bytes);
            first.Done.TrySetResult();
        }
    }

    /// <summary>
    /// When every lease that holds bytes is waiting for more, nothing will ever be given back:
    /// the latest of them to open fails, and its owner gives its bytes back.
    /// </summary>
    private void BreakDeadlock()
    {
        int waitingHolders = 0;
        Waiter? latest = null;
        foreach (Waiter waiter in _waiters)
        {
            if (waiter.Lease.Held > 0)
            {
                waitingHolders++;
                if (latest is null || waiter.Lease.Id > latest.Lease.Id)
                {
                    latest = waiter;
                }
            }
        }
        if (latest is null || waitingHolders < _holders)
        {
            return;
        }
        // Its bytes come back when its owner lets go of them; until then it holds but no longer waits.
        _waiters.Remove(latest);
        latest.Done.TrySetException(new MemoryBudgetException(
            $"the worker's {_capacity}-byte memory budget for pages was taken by other pages read at the same time", contended: true));
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_waiters.Remove(waiter))
            {
                return;
            }
            waiter.Done.TrySetCanceled(cancellationToken);
            Pump();
            BreakDeadlock();
        }
    }

    private sealed class Waiter(MemoryLease lease, long bytes)
    {
        public MemoryLease Lease { get; } = lease;

        public long Bytes { get; } = bytes;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
