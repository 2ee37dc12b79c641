namespace WebFetch.Pipeline;

/// <summary>
/// Per-host politeness, as pure logic with the clock passed in: the URLs read ahead wait in
/// one queue per host; a host has at most <c>perHost</c> URLs in flight and its request
/// starts are at least <c>delay</c> apart (or what the host asked for in <see cref="HostDelays"/>,
/// if more). <see cref="TryTake"/> returns, among the hosts allowed now, the URL that was read
/// earliest, so a slow or limited host never holds back the others. Not thread-safe: the dispatcher calls it under its lock.
/// </summary>
/// <typeparam name="T">What is queued (the dispatcher's pending URL).</typeparam>
internal sealed class HostScheduler<T>
{
    private readonly int _perHost;
    private readonly TimeSpan _delay;
    private readonly HostDelays? _hostDelays;
    private readonly Dictionary<string, Host> _hosts = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Host, long> _ready = new();      // allowed now, by the order of their oldest URL
    private readonly PriorityQueue<Host, TimeSpan> _waiting = new(); // below the limit, allowed from a time on
    private readonly PriorityQueue<Host, TimeSpan> _idle = new();    // nothing queued or in flight: forgotten once their delay passed

    /// <param name="perHost">URLs in flight per host; 0 is unlimited.</param>
    /// <param name="delay">Minimum time between two request starts to one host.</param>
    /// <param name="hostDelays">Longer delays some hosts asked for.</param>
    public HostScheduler(int perHost, TimeSpan delay, HostDelays? hostDelays = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perHost);
        _perHost = perHost == 0 ? int.MaxValue : perHost;
        _delay = delay;
        _hostDelays = hostDelays;
    }

    /// <summary>URLs queued, not yet taken.</summary>
    public int Queued { get; private set; }

    /// <summary>Hosts remembered: those with queued or in-flight URLs, or a start within the last <c>delay</c>.</summary>
    public int HostCount => _hosts.Count;

    /// <summary>When the next host becomes allowed by its delay, if one waits for that.</summary>
    public TimeSpan? NextAllowedAt => _waiting.TryPeek(out _, out TimeSpan at) ? at : null;

    public void Enqueue(string host, long order, T item)
    {
        if (!_hosts.TryGetValue(host, out Host? state))
        {
            state = new Host(host);
            _hosts.Add(host, state);
        }
        state.Queue.Enqueue((order, item));
        Queued++;
        if (state.Where == Place.None)
        {
            Settle(state);
        }
    }

    /// <summary>Takes the earliest-read URL among the hosts allowed at <paramref name="now"/>, counting it in flight.</summary>
    public bool TryTake(TimeSpan now, out T item, out string host)
    {
        Forget(now);
        while (_waiting.TryPeek(out Host? due, out TimeSpan at) && at <= now)
        {
            _waiting.Dequeue();
            due.Where = Place.Ready;
            _ready.Enqueue(due, due.Queue.Peek().Order);
        }
        if (!_ready.TryDequeue(out Host? state, out _))
        {
            item = default!;
            host = "";
            return false;
        }
        (_, item) = state.Queue.Dequeue();
        host = state.Name;
        Queued--;
        state.InFlight++;
        state.NextStart = now + (_hostDelays?.Of(state.Name, _delay) ?? _delay);
        state.Where = Place.None;
        Settle(state);
        return true;
    }

    /// <summary>A URL of <paramref name="host"/> taken earlier is finished: the host may start another.</summary>
    public void Completed(string host, TimeSpan now)
    {
        if (!_hosts.TryGetValue(host, out Host? state) || state.InFlight == 0)
        {
            throw new InvalidOperationException($"no URL of {host} is in flight");
        }
        state.InFlight--;
        if (state.Where == Place.Full)
        {
            state.Where = Place.None;
        }
        if (state.Where == Place.None)
        {
            Settle(state);
        }
        Forget(now);
    }

    /// <summary>Removes and returns every queued URL (the run stops reading).</summary>
    public List<T> Drain()
    {
        var all = new List<T>(Queued);
        foreach (Host state in _hosts.Values)
        {
            while (state.Queue.TryDequeue(out (long Order, T Item) entry))
            {
                all.Add(entry.Item);
            }
        }
        Queued = 0;
        _ready.Clear();
        _waiting.Clear();
        foreach (Host state in _hosts.Values)
        {
            state.Where = Place.None;
        }
        return all;
    }

    private void Settle(Host state)
    {
        if (state.Queue.Count == 0)
        {
            if (state.InFlight == 0)
            {
                _idle.Enqueue(state, state.NextStart);
            }
        }
        else if (state.InFlight >= _perHost)
        {
            state.Where = Place.Full;
        }
        else
        {
            state.Where = Place.Waiting;
            _waiting.Enqueue(state, state.NextStart);
        }
    }

    private void Forget(TimeSpan now)
    {
        while (_idle.TryPeek(out Host? state, out TimeSpan at) && at <= now)
        {
            _idle.Dequeue();
            if (state.Queue.Count == 0 && state.InFlight == 0 && state.NextStart <= now
                && _hosts.TryGetValue(state.Name, out Host? current) && current == state)
            {
                _hosts.Remove(state.Name);
            }
        }
    }

    private enum Place
    {
        None,
        Ready,
        Waiting,
        Full,
    }

    private sealed class Host(string name)
    {
        public string Name { get; } = name;

        public Queue<(long Order, T Item)> Queue { get; } = new();

        public int InFlight { get; set; }

        public TimeSpan NextStart { get; set; }

        public Place Where { get; set; }
    }
}
