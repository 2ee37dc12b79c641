using System.Text.Json.Serialization;

namespace WebFetch.Queue;

/// <summary>
/// One URL to fetch, as published on the jobs stream. <see cref="Key"/> names the input line
/// for the whole life of a run, across collector re-runs (<c>FILE-INDEX:LINE-NUMBER</c>), and
/// comes back with the record; <see cref="Url"/> is the URL to request (no fragment); the
/// run's options are in its <see cref="RunSpec"/>, published once, not with every job:
/// <see cref="Mode"/>, when given, names which of the run's sets of options
/// (<see cref="RunSpec.Modes"/>) this URL is fetched with.
/// </summary>
internal sealed record JobMessage(string Run, string Key, string Url, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mode = null);
