using System.Globalization;
using WebFetch.Input;

namespace WebFetch.Queue;

/// <summary>
/// Where a job's line is in the run's input: the file's place among the inputs and the line's
/// number in it, written <c>F:L</c> (<see cref="JobMessage.Key"/>, the record's
/// <see cref="QueueNames.JobHeader"/>). The same in every run of the same command, and ordered
/// as the input is read, so a collector knows from a key alone whether it has read that line yet.
/// </summary>
internal readonly record struct JobKey(int File, long Line) : IComparable<JobKey>
{
    public static JobKey Of(InputLine line) => new(line.FileIndex, line.LineNumber);

    /// <summary>Reads a key written by <see cref="ToString"/>; false for anything else (a record some other program published).</summary>
    public static bool TryParse(string? text, out JobKey key)
    {
        key = default;
        int colon = text?.IndexOf(':') ?? -1;
        if (colon <= 0
            || !int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int file)
            || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long line)
            || line < 1)
        {
            return false;
        }
        key = new JobKey(file, line);
        return true;
    }

    public int CompareTo(JobKey other) => File != other.File ? File.CompareTo(other.File) : Line.CompareTo(other.Line);

    public static bool operator <(JobKey left, JobKey right) => left.CompareTo(right) < 0;

    public static bool operator >(JobKey left, JobKey right) => left.CompareTo(right) > 0;

    public static bool operator <=(JobKey left, JobKey right) => left.CompareTo(right) <= 0;

    public static bool operator >=(JobKey left, JobKey right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}");
}
