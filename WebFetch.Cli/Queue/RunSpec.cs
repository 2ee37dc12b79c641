namespace WebFetch.Queue;

/// <summary>
/// What agents need to know of a run besides its URLs: the fetch options (the JSON the workers
/// read, <see cref="Worker.WorkerSettingsJson"/>), how many deliveries a job gets before it is
/// a <c>worker_lost</c> record, and who collects it (a host name, for <c>queue status</c>).
/// Published on <see cref="QueueNames.Run"/> when a collector starts and purged when it ends.
/// </summary>
internal sealed record RunSpec(string Run, string FetchOptions, int MaxAttempts, string Collector, DateTimeOffset Started);
