using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// The robots.txt rules of the sites a crawl has met, per origin (scheme, host and port, as
/// RFC 9309 section 2.3 scopes a robots.txt), each trusted for <see cref="Defaults.RobotsLifetime"/>
/// after it was read. At most <see cref="Defaults.RobotsCacheHosts"/> origins and
/// <see cref="Defaults.RobotsCacheBudgetBytes"/> of rules are kept; the least recently used
/// go first. Safe to use from several threads.
/// </summary>
internal sealed class RobotsCache
{
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly long _budgetBytes;
    private readonly TimeSpan _lifetime;
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new(); // most recently used first
    private readonly Lock _lock = new();
    private long _bytes;

    public RobotsCache(TimeProvider time)
        : this(time, Defaults.RobotsCacheHosts, Defaults.RobotsCacheBudgetBytes, Defaults.RobotsLifetime)
    {
    }

    internal RobotsCache(TimeProvider time, int capacity, long budgetBytes, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _capacity = capacity;
        _budgetBytes = budgetBytes;
        _lifetime = lifetime;
    }

    /// <summary>Origins kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The key of <paramref name="url"/>'s origin: <c>scheme://host:port</c>, the port always written.</summary>
    public static string KeyOf(WebUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return string.Create(CultureInfo.InvariantCulture, $"{url.Scheme}://{url.Host}:{url.EffectivePort}");
    }

    /// <summary>The rules kept for the origin <paramref name="key"/>, when they are not older than their lifetime.</summary>
    public bool TryGet(string key, [NotNullWhen(true)] out RobotsRules? rules)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out LinkedListNode<Entry>? node))
            {
                if (_time.GetUtcNow() - node.Value.Read < _lifetime)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    rules = node.Value.Rules;
                    return true;
                }
                Remove(node);
            }
            rules = null;
            return false;
        }
    }

    /// <summary>Keeps <paramref name="rules"/>, read now, for the origin <paramref name="key"/>, in place of what was kept for it.</summary>
    public void Set(string key, RobotsRules rules)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(rules);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out LinkedListNode<Entry>? old))
            {
                Remove(old);
            }
            var node = _recency.AddFirst(new Entry(key, rules, _time.GetUtcNow()));
            _entries[key] = node;
            _bytes += rules.SizeBytes;
            while (_entries.Count > _capacity || (_bytes > _budgetBytes && _entries.Count > 1))
            {
                Remove(_recency.Last!);
            }
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Rules.SizeBytes;
    }

    private sealed record Entry(string Key, RobotsRules Rules, DateTimeOffset Read);
}
