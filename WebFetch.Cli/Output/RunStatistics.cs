using System.Collections.Concurrent;
using System.Diagnostics;
using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>
/// Counts what a run produced, for the exit code and the closing summary on stderr: responses
/// by status class (a 404 is a response, never "ok"), failures by error kind.
/// </summary>
internal sealed class RunStatistics
{
    private readonly ConcurrentDictionary<string, int> _failuresByKind = new();
    private readonly int[] _responsesByClass = new int[6]; // 1xx to 5xx by their first digit; 0 for a status outside them
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _responses;
    private int _failed;

    /// <summary>Records of a response and no error, whatever the status (without --fail, a 404 is one).</summary>
    public int Responses => Volatile.Read(ref _responses);

    public int Failed => Volatile.Read(ref _failed);

    public int Records => Responses + Failed;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    public void Count(FetchResult record)
    {
        if (record.Error is null)
        {
            Interlocked.Increment(ref _responses);
            Interlocked.Increment(ref _responsesByClass[record.Status is int status and >= 100 and < 600 ? status / 100 : 0]);
        }
        else
        {
            Interlocked.Increment(ref _failed);
            _failuresByKind.AddOrUpdate(record.Error.Kind, 1, (_, n) => n + 1);
        }
    }

    /// <summary>What the summary adds when a filter left records out: "; 12 records not written (--only-failed)".</summary>
    public static string NotWritten(long count, string option) => $"; {count} {(count == 1 ? "record" : "records")} not written ({option})";

    public string Summary()
    {
        double seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        string failures = _failuresByKind.IsEmpty
            ? ""
            : " (" + string.Join(", ", _failuresByKind.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")) + ")";
        string[] classes = [.. Enumerable.Range(1, 5).Where(c => Volatile.Read(ref _responsesByClass[c]) > 0).Select(c => $"{Volatile.Read(ref _responsesByClass[c])} {c}xx")];
        string responses = classes.Length == 0 ? "" : " (" + string.Join(", ", classes) + ")";
        return $"{Records} records: {Responses} {(Responses == 1 ? "response" : "responses")}{responses}, {Failed} failed{failures} in {seconds:0.00} s, {Records / seconds:0.0} URLs/s";
    }
}
