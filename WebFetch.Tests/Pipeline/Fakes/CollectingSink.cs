using WebFetch.Output;
using WebFetch.Protocol;

namespace WebFetch.Tests.Pipeline.Fakes;

/// <summary>A record sink that keeps every record by sequence number and fails the test on a second record for one number.</summary>
internal sealed class CollectingSink : IRecordSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, FetchResult> _records = [];
    private readonly HashSet<long> _skipped = [];

    public bool Room { get; set; } = true;

    public bool Flushed { get; private set; }

    public bool OutputHasRoom => Room;

    public bool HasRoom(long sequence) => Room;

    public void OnRoom(Action callback)
    {
    }

    public void Emit(long sequence, FetchResult record)
    {
        lock (_gate)
        {
            if (!_records.TryAdd(sequence, record) || _skipped.Contains(sequence))
            {
                throw new InvalidOperationException($"a second record for sequence {sequence}");
            }
        }
    }

    public void Skip(long sequence)
    {
        lock (_gate)
        {
            _skipped.Add(sequence);
        }
    }

    public void Flush() => Flushed = true;

    public void StopWaiting()
    {
    }

    public bool Complete(CancellationToken giveUp = default) => true;

    /// <summary>The records in sequence order.</summary>
    public List<FetchResult> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.OrderBy(r => r.Key).Select(r => r.Value)];
            }
        }
    }

    public IReadOnlyCollection<long> Sequences
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.Keys.Order()];
            }
        }
    }
}
