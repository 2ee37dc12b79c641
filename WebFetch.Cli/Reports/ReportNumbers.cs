using System.Globalization;

namespace WebFetch.Reports;

/// <summary>Counts and durations as both reports print them, the same whatever the machine's culture.</summary>
internal static class ReportNumbers
{
    /// <summary>A count with thousands separators: "12,345".</summary>
    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 link", "3 links".</summary>
    public static string Links(int count) => count == 1 ? "1 link" : Count(count) + " links";

    /// <summary>A location in a page: "12:5" (line and column, 1-based).</summary>
    public static string Position(ReportReferrer referrer) =>
        string.Create(CultureInfo.InvariantCulture, $"{referrer.Line}:{referrer.Column}");

    /// <summary>"850 ms", "2.3 s", "4 min 05 s", "1 h 02 min".</summary>
    public static string Elapsed(TimeSpan elapsed) => elapsed switch
    {
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)elapsed.TotalMilliseconds)} ms"),
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds:00} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalHours} h {elapsed.Minutes:00} min"),
    };
}
