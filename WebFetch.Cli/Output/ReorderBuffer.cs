namespace WebFetch.Output;

/// <summary>
/// Puts records back in input order for <c>--ordered</c>. Each record has a sequence number
/// (0, 1, 2, ... in input order); a record is released once every earlier number is released
/// or skipped. At most <c>window</c> numbers may be open past the oldest unreleased one:
/// the dispatcher asks <see cref="HasRoom"/> before giving out the next number, so a very slow
/// URL holds back everything after it, and reading pauses, until it ends. Not thread-safe.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed class ReorderBuffer<T>
{
    private readonly int _window;
    private readonly Dictionary<long, (bool HasItem, T Item)> _held = [];
    private long _next;

    public ReorderBuffer(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _window = window;
    }

    /// <summary>The oldest sequence number not yet released.</summary>
    public long Next => _next;

    /// <summary>Records held back waiting for an earlier one.</summary>
    public int Held => _held.Count;

    /// <summary>Whether <paramref name="sequence"/> may be given out without exceeding the window.</summary>
    public bool HasRoom(long sequence) => sequence < _next + _window;

    /// <summary>Adds the record numbered <paramref name="sequence"/> and appends to <paramref name="released"/> what may now be written, in order.</summary>
    public void Add(long sequence, T item, List<T> released) => Put(sequence, (true, item), released);

    /// <summary>Marks <paramref name="sequence"/> as producing no record (dropped when the run stops).</summary>
    public void Skip(long sequence, List<T> released) => Put(sequence, (false, default!), released);

    /// <summary>Releases everything held, in order, passing over the numbers that never came.</summary>
    public void Flush(List<T> released)
    {
        foreach (long sequence in _held.Keys.Order())
        {
            (bool hasItem, T item) = _held[sequence];
            if (hasItem)
            {
                released.Add(item);
            }
            _next = sequence + 1;
        }
        _held.Clear();
    }

    private void Put(long sequence, (bool HasItem, T Item) entry, List<T> released)
    {
        if (sequence < _next || !_held.TryAdd(sequence, entry))
        {
            throw new InvalidOperationException($"record {sequence} was already placed");
        }
        while (_held.Remove(_next, out (bool HasItem, T Item) first))
        {
            if (first.HasItem)
            {
                released.Add(first.Item);
            }
            _next++;
        }
    }
}
