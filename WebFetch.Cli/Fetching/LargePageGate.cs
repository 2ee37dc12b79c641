namespace WebFetch.Fetching;

/// <summary>
/// Keeps a worker's memory near what one page needs when a large page comes: a large page
/// is parsed alone, and its garbage is collected at once. A page's parsed tree and decoded
/// text take many times its bytes, so two large pages parsed at once by one worker double its
/// peak, smaller parses running beside a large one add theirs, and the tree, promoted while
/// it is built, would stay until the next full collection. So: large pages (over
/// <see cref="Threshold"/> bytes, rare on the web) take turns; while one is parsed, the
/// worker's other parses wait for it; before and after it, a full collection. Bodies are
/// still read meanwhile, only parsing waits; a parse is CPU work, and the cores a worker
/// leaves serve the other workers.
/// </summary>
internal sealed class LargePageGate : IDisposable
{
    /// <summary>A body larger than this many bytes is a large page.</summary>
    public const int Threshold = 1024 * 1024;

    private readonly SemaphoreSlim _largeTurn = new(1, 1);
    private readonly Lock _lock = new();
    private TaskCompletionSource? _largeParsed;

    public static bool IsLarge(int bodyLength) => bodyLength > Threshold;

    /// <summary>
    /// Runs <paramref name="parse"/>: for a small body as soon as no large page is being
    /// parsed; for a large one, alone, between two full collections.
    /// </summary>
    public async Task<T> ParseAsync<T>(int bodyLength, Func<T> parse, CancellationToken cancellationToken)
    {
        if (!IsLarge(bodyLength))
        {
            Task? large;
            lock (_lock)
            {
                large = _largeParsed?.Task;
            }
            if (large is not null)
            {
                await large.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            return parse();
        }

        await _largeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        var parsed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _largeParsed = parsed;
        }
        try
        {
            // What the worker's earlier pages left behind goes first, so the tree is built on
            // a clean heap rather than on top of their garbage.
            GC.Collect();
            return parse();
        }
        finally
        {
            GC.Collect();
            lock (_lock)
            {
                _largeParsed = null;
            }
            parsed.SetResult();
            _largeTurn.Release();
        }
    }

    public void Dispose() => _largeTurn.Dispose();
}
