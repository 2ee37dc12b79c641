using WebFetch.Protocol;

namespace WebFetch.Queue;

/// <summary>
/// Which record goes to which line, exactly once, at the collector. The queue delivers at least
/// once: a record may come twice (an agent died between publishing it and acknowledging its job,
/// and the job ran again), and after a collector re-attaches, records of jobs its predecessor
/// published come for lines this collector has not reached yet, or has admitted but not yet
/// started. A record for a key:
/// <list type="bullet">
/// <item>that a started job waits for goes to it, once;</item>
/// <item>of a line admitted and not started yet, or not read yet (after the last key admitted), is held until its job starts, which then takes it without publishing anything;</item>
/// <item>of any other line read (written already, skipped by <c>--resume</c>, invalid, a repeat) is dropped.</item>
/// </list>
/// Keys are ordered as the input is read (<see cref="JobKey"/>), so nothing is kept per line
/// done: what is held is what came ahead of the reader, and it goes once the reader passes it.
/// Thread-safe. A book made with <c>keysInOrder: false</c> is for a run whose keys follow no
/// order (a crawl's, one per URL: <see cref="UrlJobKeys"/>): there a record no started job
/// waits for is held until its key's job starts, whatever the keys admitted before it.
/// </summary>
internal sealed class RecordBook(bool keysInOrder = true)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobKey, TaskCompletionSource<FetchResult>> _waiting = [];
    private readonly HashSet<JobKey> _admitted = [];
    private readonly Dictionary<JobKey, FetchResult> _ready = [];
    private readonly SortedDictionary<JobKey, FetchResult> _ahead = [];
    private JobKey _reached = new(-1, 0);

    /// <summary>What became of a record that came.</summary>
    public enum Outcome
    {
        /// <summary>A started job waited for it.</summary>
        Delivered,

        /// <summary>Kept for a line not started or not read yet.</summary>
        Held,

        /// <summary>Its line has its record, or will never need one.</summary>
        Dropped,
    }

    /// <summary>Jobs started and waiting for their record.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Records held for lines not started or not read yet.</summary>
    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count + _ahead.Count;
            }
        }
    }

    /// <summary>A line was admitted as a job (in input order): records held for the lines before it that were not admitted are dropped.</summary>
    public void Admitted(JobKey key)
    {
        if (!keysInOrder)
        {
            return; // nothing to drop by order: what is held waits for its own key
        }
        lock (_gate)
        {
            if (key > _reached)
            {
                _reached = key;
            }
            while (_ahead.Count > 0 && _ahead.First() is var (first, record) && first <= key)
            {
                _ahead.Remove(first);
                if (first == key)
                {
                    _ready[key] = record;
                }
            }
            _admitted.Add(key);
        }
    }

    /// <summary>
    /// The job of <paramref name="key"/> starts: true with its record when one is held (nothing
    /// to publish); else false, and <paramref name="pending"/> completes when the record comes.
    /// </summary>
    public bool TryStart(JobKey key, out FetchResult held, out Task<FetchResult> pending)
    {
        lock (_gate)
        {
            _admitted.Remove(key);
            if (_ready.Remove(key, out FetchResult? record))
            {
                held = record;
                pending = Task.FromResult(record);
                return true;
            }
            if (!_waiting.TryGetValue(key, out TaskCompletionSource<FetchResult>? waiter))
            {
                waiter = new TaskCompletionSource<FetchResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add(key, waiter);
            }
            held = null!;
            pending = waiter.Task;
            return false;
        }
    }

    /// <summary>The job of <paramref name="key"/> has its record some other way (it was cut short): a record that comes later is dropped.</summary>
    public void Abandon(JobKey key)
    {
        lock (_gate)
        {
            _waiting.Remove(key);
        }
    }

    /// <summary>In a book of keys in no order, the line of <paramref name="key"/> will start no job (its record is had some other way): a record held for it is dropped.</summary>
    public void NotNeeded(JobKey key)
    {
        lock (_gate)
        {
            if (!keysInOrder)
            {
                _ready.Remove(key);
            }
        }
    }

    /// <summary>A record came for <paramref name="key"/>.</summary>
    public Outcome Arrived(JobKey key, FetchResult record)
    {
        lock (_gate)
        {
            if (_waiting.Remove(key, out TaskCompletionSource<FetchResult>? waiter))
            {
                waiter.TrySetResult(record);
                return Outcome.Delivered;
            }
            if (_admitted.Contains(key) || !keysInOrder)
            {
                return _ready.TryAdd(key, record) ? Outcome.Held : Outcome.Dropped;
            }
            if (key > _reached)
            {
                return _ahead.TryAdd(key, record) ? Outcome.Held : Outcome.Dropped;
            }
            return Outcome.Dropped;
        }
    }
}
