using System.Collections.Concurrent;
using System.Diagnostics;
using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>Counts what a run produced, for the exit code and the closing summary on stderr.</summary>
internal sealed class RunStatistics
{
    private readonly ConcurrentDictionary<string, int> _failuresByKind = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _ok;
    private int _failed;

    public int Ok => Volatile.Read(ref _ok);

    public int Failed => Volatile.Read(ref _failed);

    public int Records => Ok + Failed;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public void Count(FetchResult record)
    {
        if (record.Error is null)
        {
            Interlocked.Increment(ref _ok);
        }
        else
        {
            Interlocked.Increment(ref _failed);
            _failuresByKind.AddOrUpdate(record.Error.Kind, 1, (_, n) => n + 1);
        }
    }

    public string Summary()
    {
        double seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        string failures = _failuresByKind.IsEmpty
            ? ""
            : " (" + string.Join(", ", _failuresByKind.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")) + ")";
        return $"{Records} records: {Ok} ok, {Failed} failed{failures} in {seconds:0.00} s, {Records / seconds:0.0} URLs/s";
    }
}
