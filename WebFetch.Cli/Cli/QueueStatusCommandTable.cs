using System.Globalization;
using System.Text;
using WebFetch.Queue;

namespace WebFetch.Cli;

/// <summary>
/// <see cref="QueueStatus"/> as a person at a terminal reads it: two summary lines, a table of
/// runs, a table of agents with how long ago each was last heard from.
/// </summary>
internal static class QueueStatusCommandTable
{
    public static string Format(QueueStatus status)
    {
        var text = new StringBuilder();
        if (!status.QueueExists)
        {
            text.Append(CultureInfo.InvariantCulture, $"{NoQueue(status.Server)}\n");
            return text.ToString();
        }
        QueueStatusJobs jobs = status.Jobs;
        text.Append(CultureInfo.InvariantCulture, $"Queue {status.Server} at {Time(status.At)}\n");
        text.Append(CultureInfo.InvariantCulture,
            $"Jobs: {jobs.Queued} queued ({jobs.Waiting} waiting, {jobs.InFlight} in flight, {jobs.Redelivered} redelivered); {Count(status.RecordMessagesWaiting, "message")} of records waiting for a collector\n");
        text.Append('\n');
        if (status.Runs.Count == 0)
        {
            text.Append("No runs.\n");
        }
        else
        {
            AppendTable(text, ["RUN", "COLLECTOR", "STARTED", "ATTEMPTS", "JOBS", "RECORD MSGS"], status.Runs.Select(r => new[]
            {
                r.Run,
                r.Collector ?? "-",
                r.Started is { } started ? Time(started) : "-",
                r.MaxAttempts?.ToString(CultureInfo.InvariantCulture) ?? "-",
                r.JobsQueued.ToString(CultureInfo.InvariantCulture),
                r.RecordMessagesWaiting.ToString(CultureInfo.InvariantCulture),
            }));
        }
        text.Append('\n');
        if (status.Agents.Count == 0)
        {
            text.Append("No agent seen.\n");
        }
        else
        {
            AppendTable(text, ["AGENT", "PID", "WORKERS", "IN FLIGHT", "DONE", "STATE", "SEEN"], status.Agents.Select(a => new[]
            {
                a.Host,
                a.Pid.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{a.Workers} x {a.Concurrency}"),
                a.InFlight.ToString(CultureInfo.InvariantCulture),
                a.Done.ToString(CultureInfo.InvariantCulture),
                a.Draining ? "draining" : "serving",
                Ago(a.SeenSecondsAgo),
            }));
        }
        return text.ToString();
    }

    /// <summary>What a server without the webfetch streams is told as.</summary>
    public static string NoQueue(string server) => $"no webfetch queue on this server yet ({server}): no collector or agent has used it";

    /// <summary>How long ago, in the largest unit that keeps a whole number readable: <c>3 s ago</c>, <c>5 min ago</c>, <c>2 h ago</c>, <c>4 d ago</c>.</summary>
    public static string Ago(long seconds) => seconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds} s ago"),
        < 2 * 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60} min ago"),
        < 2 * 86400 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600} h ago"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400} d ago"),
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Count(long n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    /// <summary>Columns left-aligned to their widest cell, two spaces apart, no space at the end of a line.</summary>
    private static void AppendTable(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        List<string[]> all = [header, .. rows];
        int[] widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        foreach (string[] row in all)
        {
            string line = string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c])));
            text.Append(line.TrimEnd()).Append('\n');
        }
    }
}
