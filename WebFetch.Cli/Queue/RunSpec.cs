using System.Text.Json.Serialization;

namespace WebFetch.Queue;

/// <summary>
/// What agents need to know of a run besides its URLs: the fetch options (the JSON the workers
/// read, <see cref="Worker.WorkerSettingsJson"/>), how many deliveries a job gets before it is
/// a <c>worker_lost</c> record, and who collects it (a host name, for <c>queue status</c>).
/// A run whose URLs are not all fetched alike (a crawl) also names a set of fetch options per
/// mode (<see cref="Modes"/>), and each of its jobs says its mode (<see cref="JobMessage.Mode"/>).
/// Published on <see cref="QueueNames.Run"/> when a collector starts and purged when it ends.
/// </summary>
internal sealed record RunSpec(
    string Run,
    string FetchOptions,
    int MaxAttempts,
    string Collector,
    DateTimeOffset Started,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Modes = null)
{
    /// <summary>The fetch options of a job of the run in <paramref name="mode"/>: the mode's own, or the run's when it names none the run has.</summary>
    public string OptionsFor(string? mode) =>
        mode is not null && Modes is not null && Modes.TryGetValue(mode, out string? options) ? options : FetchOptions;
}
