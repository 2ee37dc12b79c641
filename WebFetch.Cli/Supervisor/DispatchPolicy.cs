namespace WebFetch.Supervisor;

/// <summary>How the dispatcher schedules URLs: politeness, duplicates and the read-ahead bound.</summary>
internal sealed record DispatchPolicy
{
    /// <summary>URLs read ahead at most (queued per host or waiting for a duplicate); when full, reading pauses.</summary>
    public const int DefaultLookAhead = 4096;

    /// <summary>Distinct URLs remembered for duplicate detection (least recently used out).</summary>
    public const int DefaultDedupCapacity = 1024;

    /// <summary>Memory the remembered records may take together (<see cref="Protocol.FetchResult.EstimatedBytes"/>): 64 MiB.</summary>
    public const long DefaultDedupBudgetBytes = 64L * 1024 * 1024;

    /// <summary>URLs in flight per host; 0 is unlimited.</summary>
    public int PerHost { get; init; }

    /// <summary>Minimum time between two request starts to one host.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Request starts per second over all hosts; 0 is unlimited.</summary>
    public double Rate { get; init; }

    /// <summary>Fetch a repeated URL once and copy its record.</summary>
    public bool Dedup { get; init; } = true;

    public int LookAhead { get; init; } = DefaultLookAhead;

    public int DedupCapacity { get; init; } = DefaultDedupCapacity;

    public long DedupBudgetBytes { get; init; } = DefaultDedupBudgetBytes;
}
