using System.Text.Json.Serialization;

namespace WebFetch.Queue;

/// <summary>One line of a job: its key, its URL and, for a run with several sets of options, its mode (<see cref="JobMessage"/>).</summary>
internal sealed record JobLine(string Key, string Url, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mode = null);
