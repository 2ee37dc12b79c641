using System.Security.Cryptography;
using System.Text;

namespace WebFetch.Queue;

/// <summary>
/// A run's id, one subject token (<c>[A-Za-z0-9_-]</c>). Without <c>--resume</c> a run is new
/// each time: a random id. With <c>--resume FILE</c> the id starts with a hash of the host name
/// and the file's full path (<see cref="ResumeStem"/>), so the same command run again finds its
/// run: when a run of that stem is still open in the queue (its spec is there: its collector
/// died), the new collector re-attaches to it; otherwise (the last one ended, or never was) it
/// opens a new one, the stem and a random generation, because the queue remembers the message
/// ids of an ended run for its duplicate window and would take the new run's jobs and records
/// for copies of the old ones.
/// </summary>
internal static class RunIdentity
{
    /// <summary>A new run without a resume file.</summary>
    public static string Fresh() => "r" + RandomHex(12);

    /// <summary>What every run of one resume file on one host starts with.</summary>
    public static string ResumeStem(string host, string resumeFullPath)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{host}\n{resumeFullPath}"));
        return "f" + Convert.ToHexStringLower(hash, 0, 8);
    }

    /// <summary>A new generation of the runs of <paramref name="stem"/>.</summary>
    public static string NewGeneration(string stem) => $"{stem}-{RandomHex(4)}";

    /// <summary>The open run of <paramref name="stem"/> among <paramref name="openRuns"/> (the ids whose spec is in the queue), if there is one; the latest started wins.</summary>
    public static string? OpenRunOf(string stem, IEnumerable<(string Run, DateTimeOffset Started)> openRuns) =>
        openRuns.Where(r => r.Run.StartsWith(stem + "-", StringComparison.Ordinal) && IsToken(r.Run))
            .OrderByDescending(r => r.Started)
            .Select(r => r.Run)
            .FirstOrDefault();

    /// <summary>Whether <paramref name="run"/> can be a run id: one subject token of letters, digits, '-' and '_'.</summary>
    public static bool IsToken(string run) =>
        run.Length > 0 && run.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
