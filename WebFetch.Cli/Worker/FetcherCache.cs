using System.Text.Json;
using WebFetch.Fetching;

namespace WebFetch.Worker;

/// <summary>
/// The fetchers of one worker: one for the fetch options it was started with, which serves
/// every request that carries no options of its own (all of a local run's), and one for each
/// of the last <see cref="DefaultCapacity"/> option texts that requests carried
/// (<see cref="Protocol.FetchRequest.Options"/>: the runs a queue agent serves), made when
/// first asked for. Each request holds its fetcher through a <see cref="Lease"/>; a fetcher
/// that falls out of the cache (the least recently used) is disposed once the last request
/// using it has ended, never while one still does.
/// </summary>
/// <remarks>
/// One worker, one budget, however many runs it serves. Every fetcher draws on the same
/// <see cref="DescriptorBudget"/> (<see cref="ConnectionRoom"/>: the open-file limit is the
/// process's, not a run's) and the same <see cref="PageMemory"/> (the memory is the process's;
/// it grows to the largest page any of the runs allows, as a local run with those options would
/// have it), and the connections served at once are the worker's slots
/// (<see cref="WorkerSettings.Concurrency"/>), taken before a request is read. A budget per set
/// of options would multiply what a worker may hold by the number of runs its queue happens to
/// hold, and the bound the agent was started with would no longer bound anything. Idle pooled
/// connections are not shared between fetchers (each has its own handlers: its own proxy, TLS
/// and headers), but they count in the one descriptor budget and close when idle, or when
/// their fetcher is disposed.
/// </remarks>
internal sealed class FetcherCache : IDisposable
{
    /// <summary>
    /// Option texts whose fetchers are kept: a few runs at once share an agent's workers, and a
    /// fetcher kept for a run that ended holds only its idle connections and parsers.
    /// </summary>
    public const int DefaultCapacity = 8;

    private readonly Lock _lock = new();
    private readonly PageFetcher _default;
    private readonly DescriptorBudget _connections;
    private readonly PageMemory _memory;
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<Entry>> _byOptions = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = []; // the most recently used first
    private TimeSpan _longestBudget;
    private bool _disposed;

    /// <param name="defaults">The worker's own options, for requests that carry none.</param>
    /// <param name="connections">The descriptors all the fetchers' connections may hold together.</param>
    /// <param name="capacity">Option texts whose fetchers are kept.</param>
    /// <param name="done">The crawl's table of done URLs, which every fetcher's crawl pages use (<see cref="PageMemory.Done"/>).</param>
    public FetcherCache(FetchOptions defaults, DescriptorBudget connections, int capacity = DefaultCapacity, Protocol.DoneUrlTable? done = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _connections = connections;
        _capacity = capacity;
        _memory = new PageMemory(defaults) { Done = done };
        try
        {
            _default = new PageFetcher(defaults, connections, _memory);
        }
        catch
        {
            _memory.Dispose();
            throw;
        }
        _longestBudget = defaults.TotalBudget;
    }

    /// <summary>The memory every fetcher's pages share.</summary>
    public MemoryBudget Memory => _memory.Budget;

    /// <summary>Fetchers kept for option texts now (the worker's own not counted).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byOptions.Count;
            }
        }
    }

    /// <summary>The longest one URL may take (<see cref="FetchOptions.TotalBudget"/>) with any options this worker has served.</summary>
    public TimeSpan LongestBudget
    {
        get
        {
            lock (_lock)
            {
                return _longestBudget;
            }
        }
    }

    /// <summary>
    /// The fetcher for <paramref name="options"/> (null: the worker's own), held until the lease
    /// is disposed; null when the text is not options a fetcher can use, with
    /// <paramref name="problem"/> saying why in plain words (never quoting the options, which may
    /// hold credentials).
    /// </summary>
    public Lease? TryRent(string? options, out string? problem)
    {
        problem = null;
        if (options is null)
        {
            return new Lease(this, _default, null);
        }
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_byOptions.TryGetValue(options, out LinkedListNode<Entry>? cached))
            {
                return Take(cached);
            }
        }
        PageFetcher? made = Make(options, out FetchOptions? parsed, out problem);
        if (made is null)
        {
            return null;
        }
        var dispose = new List<PageFetcher>();
        try
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    dispose.Add(made);
                    throw new ObjectDisposedException(nameof(FetcherCache));
                }
                if (_byOptions.TryGetValue(options, out LinkedListNode<Entry>? raced))
                {
                    dispose.Add(made); // another request made one for the same options meanwhile
                    return Take(raced);
                }
                LinkedListNode<Entry> node = _recent.AddFirst(new Entry(options, made));
                _byOptions.Add(options, node);
                while (_byOptions.Count > _capacity)
                {
                    Evict(_recent.Last!, dispose);
                }
                if (parsed!.TotalBudget > _longestBudget)
                {
                    _longestBudget = parsed.TotalBudget;
                }
                return Take(node);
            }
        }
        finally
        {
            dispose.ForEach(fetcher => fetcher.Dispose());
        }
    }

    /// <summary>A fetcher for the option text, or null with the reason it cannot be made.</summary>
    private PageFetcher? Make(string options, out FetchOptions? parsed, out string? problem)
    {
        parsed = null;
        try
        {
            parsed = FetchOptionsJson.Read(options);
            problem = null;
            return new PageFetcher(parsed, _connections, _memory);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or Fetching.Tls.CertificateFileException)
        {
            // (ArgumentException, FormatException: a value the HTTP client refuses, such as a user agent it cannot parse;
            // CertificateFileException: a file of --cacert, --cert or --key this machine cannot use)
            problem = FirstLine(e.Message);
            return null;
        }
    }

    /// <summary>Counts one more request on a cached fetcher and makes it the most recently used.</summary>
    private Lease Take(LinkedListNode<Entry> node)
    {
        _recent.Remove(node);
        _recent.AddFirst(node);
        node.Value.Users++;
        return new Lease(this, node.Value.Fetcher, node.Value);
    }

    /// <summary>Takes the fetcher out of the cache; it is disposed now if no request uses it, else when the last one ends.</summary>
    private void Evict(LinkedListNode<Entry> node, List<PageFetcher> dispose)
    {
        _recent.Remove(node);
        _byOptions.Remove(node.Value.Options);
        node.Value.Evicted = true;
        if (node.Value.Users == 0)
        {
            dispose.Add(node.Value.Fetcher);
        }
    }

    private void Return(Entry entry)
    {
        bool dispose;
        lock (_lock)
        {
            entry.Users--;
            dispose = entry.Evicted && entry.Users == 0;
        }
        if (dispose)
        {
            entry.Fetcher.Dispose();
        }
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    /// <summary>Disposes the worker's fetchers; one still in use is disposed when its last request ends.</summary>
    public void Dispose()
    {
        var dispose = new List<PageFetcher>();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            while (_recent.Last is { } last)
            {
                Evict(last, dispose);
            }
        }
        dispose.ForEach(fetcher => fetcher.Dispose());
        _default.Dispose();
        _memory.Dispose();
    }

    /// <summary>A fetcher held by one request.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly FetcherCache _owner;
        private Entry? _entry;

        internal Lease(FetcherCache owner, PageFetcher fetcher, Entry? entry)
        {
            _owner = owner;
            _entry = entry;
            Fetcher = fetcher;
        }

        public PageFetcher Fetcher { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _entry, null) is { } entry)
            {
                _owner.Return(entry);
            }
        }
    }

    /// <summary>A cached fetcher and the requests using it.</summary>
    internal sealed class Entry(string options, PageFetcher fetcher)
    {
        public string Options { get; } = options;

        public PageFetcher Fetcher { get; } = fetcher;

        public int Users { get; set; }

        public bool Evicted { get; set; }
    }
}
