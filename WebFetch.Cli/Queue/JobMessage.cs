using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebFetch.Queue;

/// <summary>
/// A job as published on the jobs stream: one line of a run (<see cref="Key"/>,
/// <see cref="Url"/>, <see cref="Mode"/>), or several (<see cref="Lines"/>, a bundle: one
/// publication, delivery and acknowledgement for up to <see cref="JobBundler.MaxLines"/> URLs).
/// A key names its input line for the whole life of a run, across collector re-runs
/// (<c>FILE-INDEX:LINE-NUMBER</c>), and comes back with the record; a URL is the one to request
/// (no fragment); the run's options are in its <see cref="RunSpec"/>, published once, not with
/// every job; a mode, when given, names which of the run's sets of options
/// (<see cref="RunSpec.Modes"/>) the URL is fetched with. <see cref="Lost"/> is set on a line an
/// agent split off a bundle: how many deliveries it had in the bundle, which count towards the
/// run's attempts.
/// </summary>
internal sealed record JobMessage(
    string Run,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Lost = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<JobLine>? Lines = null)
{
    /// <summary>The job of <paramref name="lines"/>: one line is written as a single job, several as a bundle.</summary>
    public static JobMessage Of(string run, IReadOnlyList<JobLine> lines) => lines switch
    {
        [JobLine only] => new JobMessage(run, only.Key, only.Url, only.Mode),
        [] => throw new ArgumentException("a job has at least one line", nameof(lines)),
        _ => new JobMessage(run, Lines: lines),
    };

    /// <summary>The job a message's payload holds, with its lines (<see cref="Read"/>); null, and no line, when it is not a job webfetch publishes.</summary>
    public static JobMessage? Parse(ReadOnlySpan<byte> data, out IReadOnlyList<JobLine> lines)
    {
        try
        {
            if (JsonSerializer.Deserialize(data, QueueJson.Default.JobMessage) is { } job && job.Read() is { } read)
            {
                lines = read;
                return job;
            }
        }
        catch (JsonException)
        {
        }
        lines = [];
        return null;
    }

    /// <summary>The job's lines, or null when it is not a job webfetch publishes (no run, a line without its key or URL, both forms at once, an empty bundle).</summary>
    public IReadOnlyList<JobLine>? Read()
    {
        if (Run is null)
        {
            return null;
        }
        if (Lines is null)
        {
            return Key is not null && Url is not null && Lost >= 0 ? [new JobLine(Key, Url, Mode)] : null;
        }
        return Key is null && Url is null && Mode is null && Lost == 0 && Lines.Count > 0 && Lines.All(line => line is { Key: not null, Url: not null })
            ? Lines
            : null;
    }
}
