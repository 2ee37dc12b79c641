namespace WebFetch.Pipeline;

/// <summary>How the dispatcher schedules URLs: politeness, duplicates and the read-ahead bound.</summary>
internal sealed record DispatchPolicy
{
    /// <summary>URLs in flight per host; 0 is unlimited.</summary>
    public int PerHost { get; init; }

    /// <summary>Minimum time between two request starts to one host.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Request starts per second over all hosts; 0 is unlimited.</summary>
    public double Rate { get; init; }

    /// <summary>Fetch a repeated URL once and copy its record.</summary>
    public bool Dedup { get; init; } = true;

    /// <summary>URLs read ahead at most (queued per host or waiting for a duplicate); when full, reading pauses.</summary>
    public int LookAhead { get; init; } = Defaults.LookAhead;

    public int DedupCapacity { get; init; } = Defaults.DedupCapacity;

    public long DedupBudgetBytes { get; init; } = Defaults.DedupBudgetBytes;
}
