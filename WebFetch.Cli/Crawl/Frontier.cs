namespace WebFetch.Crawl;

/// <summary>
/// The URLs found and not yet handed to the pipeline, breadth-first: the lowest depth first,
/// in the order found within a depth (robots.txt fetches, at depth -1, before all). Not thread-safe.
/// </summary>
internal sealed class Frontier
{
    private readonly PriorityQueue<CrawlTarget, (int Depth, long Order)> _queue = new();

    public int Count => _queue.Count;

    public void Add(CrawlTarget target) => _queue.Enqueue(target, (target.Depth, target.Order));

    public bool TryTake(out CrawlTarget target) => _queue.TryDequeue(out target!, out _);
}
