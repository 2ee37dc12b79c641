namespace WebFetch.Input;

/// <summary>
/// The last <c>capacity</c> distinct URLs seen, least recently used first out: what duplicate
/// detection remembers. A URL evicted and seen again counts as new. Not thread-safe.
/// </summary>
/// <typeparam name="T">What is kept per URL (the dispatcher keeps its pending or finished record).</typeparam>
internal sealed class DedupCache<T>
{
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<(string Key, T Value)>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, T Value)> _recent = new();

    public DedupCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count => _index.Count;

    /// <summary>Finds <paramref name="key"/> and marks it as the most recently used.</summary>
    public bool TryGet(string key, out T value)
    {
        if (_index.TryGetValue(key, out LinkedListNode<(string Key, T Value)>? node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            value = node.Value.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Remembers <paramref name="key"/> (replacing what it held), evicting the least recently used beyond the capacity.</summary>
    public void Add(string key, T value)
    {
        if (_index.TryGetValue(key, out LinkedListNode<(string Key, T Value)>? old))
        {
            _recent.Remove(old);
        }
        _index[key] = _recent.AddFirst((key, value));
        while (_index.Count > _capacity)
        {
            LinkedListNode<(string Key, T Value)> last = _recent.Last!;
            _recent.RemoveLast();
            _index.Remove(last.Value.Key);
        }
    }
}
