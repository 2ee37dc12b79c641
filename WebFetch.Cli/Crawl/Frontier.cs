namespace WebFetch.Crawl;

/// <summary>
/// The URLs found and not yet handed to the pipeline, with their state (referrers, fragments),
/// breadth-first: the lowest depth first, in the order found within a depth (robots.txt fetches,
/// at depth -1, before all). At most <c>memoryUrls</c> are kept in memory: past that, the
/// latter half of them (by that order) is written to the spill file as one sorted segment
/// (<see cref="FrontierFile"/>), and <see cref="TryTake"/> merges the segments with the memory,
/// so the order is the same as if all were kept. A URL spilled leaves the crawl's pending
/// URLs (<c>spilled</c> is told its key) and keeps only its 64-bit hash in memory, with the
/// links to it found meanwhile (<see cref="TryGetSpilled"/>), merged back when it is read.
/// Not thread-safe.
/// </summary>
internal sealed class Frontier(int memoryUrls, string spillParent, Action<string> spilled) : IDisposable
{
    /// <summary>What a link to a spilled URL is added to, until the URL is read back: taken as a page in scope, so its fragments are kept, and dropped then if it is not.</summary>
    private static readonly CrawlTarget LateLinks = new("", null, 0, LinkKinds.Page, false, FetchMode.Crawl);

    private readonly PriorityQueue<UrlState, (int Depth, long Order)> _memory = new();
    private readonly PriorityQueue<FrontierSegment, (int Depth, long Order)> _segments = new();
    private readonly Dictionary<ulong, UrlState?> _spilled = [];
    private FrontierFile? _file;
    private int _onDisk;

    public int Count => _memory.Count + _onDisk;

    /// <summary>URLs in the spill file now.</summary>
    public int OnDisk => _onDisk;

    /// <summary>Why the spill file could not be made or written, once that happened: from then on every URL stays in memory. Null while spilling works.</summary>
    public string? SpillFailure { get; private set; }

    public void Add(UrlState state)
    {
        _memory.Enqueue(state, OrderOf(state));
        if (_memory.Count <= memoryUrls || SpillFailure is not null)
        {
            return;
        }
        try
        {
            Spill();
        }
        catch (FrontierSpillException e)
        {
            // nothing is lost (Spill puts back what it could not write): the crawl goes on, in more memory
            SpillFailure = e.Message;
            Serilog.Log.Error("{Reason}; the frontier keeps every URL in memory from now on", e.Message);
        }
    }

    public bool TryTake(out UrlState state)
    {
        bool inMemory = _memory.TryPeek(out _, out var memoryFirst);
        bool onDisk = _segments.TryPeek(out FrontierSegment? segment, out var diskFirst);
        if (inMemory && (!onDisk || memoryFirst.CompareTo(diskFirst) < 0))
        {
            state = _memory.Dequeue();
            return true;
        }
        if (!onDisk)
        {
            state = null!;
            return false;
        }
        _segments.Dequeue();
        state = Restore(segment!.Take());
        if (segment.TryPeek(_file!, out UrlState next))
        {
            _segments.Enqueue(segment, OrderOf(next));
        }
        if (--_onDisk == 0)
        {
            _file!.Clear();
        }
        return true;
    }

    /// <summary>Whether <paramref name="key"/> is spilled (and not read back yet).</summary>
    public bool IsSpilled(string key) => _spilled.Count > 0 && _spilled.ContainsKey(UrlHash.Of(key));

    /// <summary>When <paramref name="key"/> is spilled: what to add the links to it found now to (its referrers and fragments).</summary>
    public bool TryGetSpilled(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UrlState? late)
    {
        late = null;
        if (_spilled.Count == 0)
        {
            return false;
        }
        ulong hash = UrlHash.Of(key);
        if (!_spilled.TryGetValue(hash, out late))
        {
            return false;
        }
        if (late is null)
        {
            late = new UrlState(LateLinks);
            _spilled[hash] = late;
        }
        return true;
    }

    public void Dispose() => _file?.Dispose();

    private static (int, long) OrderOf(UrlState state) => (state.Target.Depth, state.Target.Order);

    /// <summary>Keeps the first half of the memory's URLs, writes the rest as one sorted segment.</summary>
    private void Spill()
    {
        if (_file is null)
        {
            _file = FrontierFile.Create(spillParent); // first, so that a failure loses nothing
            Serilog.Log.Information("the crawl's frontier holds more than {Count} URLs: the later ones wait in a spill file under {Directory}", memoryUrls, spillParent);
        }
        var sorted = new List<UrlState>(_memory.Count);
        while (_memory.TryDequeue(out UrlState? state, out _))
        {
            sorted.Add(state);
        }
        int keep = memoryUrls / 2;
        foreach (UrlState state in sorted.Take(keep))
        {
            _memory.Enqueue(state, OrderOf(state));
        }
        var chunks = new List<(long, int)>();
        var segment = new FrontierSegment(chunks);
        UrlState first;
        try
        {
            foreach (UrlState[] chunk in sorted.Skip(keep).Chunk(Defaults.FrontierChunkUrls))
            {
                chunks.Add(WriteChunk(chunk));
            }
            segment.TryPeek(_file, out first);
        }
        catch (FrontierSpillException)
        {
            foreach (UrlState state in sorted.Skip(keep))
            {
                _memory.Enqueue(state, OrderOf(state));
            }
            throw;
        }
        _segments.Enqueue(segment, OrderOf(first));
        foreach (UrlState state in sorted.Skip(keep).Where(s => s.Target.Mode != FetchMode.Robots))
        {
            _spilled[UrlHash.Of(state.Target.Key)] = null;
            spilled(state.Target.Key);
        }
        _onDisk += sorted.Count - keep;
    }

    private (long, int) WriteChunk(UrlState[] chunk)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (UrlState state in chunk)
            {
                FrontierCodec.Write(writer, state);
            }
        }
        return (_file!.Append(bytes.GetBuffer().AsSpan(0, (int)bytes.Length)), (int)bytes.Length);
    }

    /// <summary>A URL read back: the links to it found while it was on disk are added to its own.</summary>
    private UrlState Restore(UrlState state)
    {
        if (state.Target.Mode == FetchMode.Robots || !_spilled.Remove(UrlHash.Of(state.Target.Key), out UrlState? late) || late is null)
        {
            return state;
        }
        state.Referrers.Merge(late.Referrers);
        bool anchorsChecked = !state.Target.External && state.Target.Kind == LinkKinds.Page;
        foreach ((string fragment, ReferrerList referrers) in anchorsChecked ? late.Fragments ?? [] : [])
        {
            state.Fragments ??= new(StringComparer.Ordinal);
            if (state.Fragments.TryGetValue(fragment, out ReferrerList? known))
            {
                known.Merge(referrers);
            }
            else
            {
                state.Fragments.Add(fragment, referrers);
            }
        }
        return state;
    }
}
