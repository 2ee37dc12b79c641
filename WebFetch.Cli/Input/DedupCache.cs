namespace WebFetch.Input;

/// <summary>
/// What duplicate detection remembers: at most <c>capacity</c> distinct URLs, whose entries
/// together weigh at most <c>budgetBytes</c> (each entry's weight is given by the caller, and
/// can be set again once known), least recently used first out. An entry heavier than the
/// whole budget is not kept. A URL evicted and seen again counts as new. Not thread-safe.
/// </summary>
/// <typeparam name="T">What is kept per URL (the dispatcher keeps its pending or finished record).</typeparam>
internal sealed class DedupCache<T>
{
    private readonly int _capacity;
    private readonly long _budgetBytes;
    private readonly Dictionary<string, LinkedListNode<Entry>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new();

    public DedupCache(int capacity, long budgetBytes = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetBytes, 1);
        _capacity = capacity;
        _budgetBytes = budgetBytes;
    }

    public int Count => _index.Count;

    /// <summary>The weight of the entries kept; never more than the budget.</summary>
    public long Bytes { get; private set; }

    /// <summary>Finds <paramref name="key"/> and marks it as the most recently used.</summary>
    public bool TryGet(string key, out T value)
    {
        if (_index.TryGetValue(key, out LinkedListNode<Entry>? node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            value = node.Value.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>
    /// Remembers <paramref name="key"/> (replacing what it held) as weighing <paramref name="bytes"/>,
    /// evicting the least recently used beyond the capacity or the budget.
    /// </summary>
    public void Add(string key, T value, long bytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Remove(key);
        if (bytes > _budgetBytes)
        {
            return; // not kept: it would push out everything else and still not fit
        }
        _index[key] = _recent.AddFirst(new Entry(key, value, bytes));
        Bytes += bytes;
        Trim();
    }

    /// <summary>
    /// Sets the weight of <paramref name="key"/> if it still holds <paramref name="value"/> (it
    /// may have been evicted, or replaced by a later occurrence), evicting the least recently used
    /// beyond the budget, this entry too if it alone is heavier than the budget. Its place in the
    /// order is kept. False when the entry is no longer kept.
    /// </summary>
    public bool Weigh(string key, T value, long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (!_index.TryGetValue(key, out LinkedListNode<Entry>? node) || !EqualityComparer<T>.Default.Equals(node.Value.Value, value))
        {
            return false;
        }
        Bytes += bytes - node.Value.Bytes;
        node.Value = node.Value with { Bytes = bytes };
        if (bytes > _budgetBytes)
        {
            Remove(key);
            return false;
        }
        Trim();
        return _index.ContainsKey(key);
    }

    private void Remove(string key)
    {
        if (_index.Remove(key, out LinkedListNode<Entry>? old))
        {
            _recent.Remove(old);
            Bytes -= old.Value.Bytes;
        }
    }

    private void Trim()
    {
        while (_index.Count > _capacity || Bytes > _budgetBytes)
        {
            Remove(_recent.Last!.Value.Key);
        }
    }

    private readonly record struct Entry(string Key, T Value, long Bytes);
}
