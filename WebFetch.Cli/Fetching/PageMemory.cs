namespace WebFetch.Fetching;

/// <summary>
/// What the pages a worker reads at once share, whichever of its fetchers reads them: the
/// memory budget of their bodies and texts (<see cref="MemoryBudget"/>), the turn of large
/// pages (<see cref="LargePageGate"/>) and, in a local crawl's worker, the crawl's table of done
/// URLs (<see cref="Done"/>). A worker that serves runs with different fetch options
/// has one fetcher per set of options and still one of each of these, so its memory is bounded
/// as a worker's, not once per run.
/// </summary>
internal sealed class PageMemory : IDisposable
{
    /// <param name="options">The options of the first fetcher to share it: the budget holds one of its largest pages.</param>
    public PageMemory(FetchOptions options)
    {
        Budget = new MemoryBudget(CapacityFor(options));
    }

    public MemoryBudget Budget { get; }

    public LargePageGate LargePages { get; } = new();

    /// <summary>
    /// The URLs the crawl is done with, in memory it shares with its workers, or null: the links
    /// to them are left out of a crawl page's found links (<see cref="FoundLinks"/>). Not owned:
    /// the worker disposes of it.
    /// </summary>
    public Protocol.DoneUrlTable? Done { get; init; }

    /// <summary>
    /// Makes room for the largest page a fetcher with <paramref name="options"/> may read: the
    /// budget grows to it when it is larger (a run with a higher <c>--max-bytes</c>), and never
    /// shrinks, so a page is never refused as larger than the budget that its own options allow.
    /// </summary>
    public void Admit(FetchOptions options) => Budget.GrowTo(CapacityFor(options));

    private static long CapacityFor(FetchOptions options) =>
        MemoryBudget.ForPages(options.MaxBytes, keepsText: options.Selectors.Count > 0 || options.Crawl);

    public void Dispose() => LargePages.Dispose();
}
