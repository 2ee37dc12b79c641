using System.Collections.Concurrent;

namespace WebFetch.Tests.Queue;

/// <summary>Jobs of each host held by agents between their pull and their record, now and at most: shared by fake agents to see what they hold together.</summary>
public sealed class HeldPerHost
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _now = [];
    private readonly ConcurrentDictionary<string, int> _most = new();

    public void Took(string host)
    {
        lock (_gate)
        {
            int now = _now[host] = _now.GetValueOrDefault(host) + 1;
            _most.AddOrUpdate(host, now, (_, most) => Math.Max(most, now));
        }
    }

    public void Answered(string host)
    {
        lock (_gate)
        {
            _now[host]--;
        }
    }

    public int MostAtOnce(string host) => _most.GetValueOrDefault(host);
}
