namespace WebFetch.Fetching;

/// <summary>One page's share of a <see cref="MemoryBudget"/>: taken as the page needs it, all given back on dispose.</summary>
internal sealed class MemoryLease : IDisposable
{
    private readonly MemoryBudget _budget;

    internal MemoryLease(MemoryBudget budget, long id)
    {
        _budget = budget;
        Id = id;
    }

    /// <summary>The order it was opened in: when pages deadlock, the latest gives way.</summary>
    internal long Id { get; }

    /// <summary>The bytes it holds (changed under the budget's lock).</summary>
    public long Held { get; internal set; }

    /// <summary>
    /// Takes <paramref name="bytes"/> more, waiting while they are not free. Throws
    /// <see cref="MemoryBudgetException"/> when they can never be (more than the whole budget,
    /// or the pages holding it all wait on each other and this one gives way).
    /// </summary>
    public ValueTask TakeAsync(long bytes, CancellationToken cancellationToken) => _budget.TakeAsync(this, bytes, cancellationToken);

    /// <summary>Takes <paramref name="bytes"/> more if they are free now; never waits.</summary>
    public bool TryTake(long bytes) => _budget.TryTake(this, bytes);

    public void Give(long bytes) => _budget.Give(this, bytes);

    public void Dispose() => _budget.Give(this, long.MaxValue);
}
