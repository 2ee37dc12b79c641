namespace WebFetch.Queue;

/// <summary>
/// One run as the queue knows it: its specification (who collects it, since when, how many
/// deliveries a job gets) and what of it waits in the queue. A run whose specification is gone
/// (its collector ended or withdrew it) but whose jobs or records remain has no
/// <see cref="Collector"/>, <see cref="Started"/> or <see cref="MaxAttempts"/>.
/// </summary>
/// <param name="JobsQueued">The run's jobs in the queue, waiting for an agent or held by one.</param>
/// <param name="RecordMessagesWaiting">The messages of the run's records (each carries one or more, <see cref="RecordBatch"/>) published by agents and not yet removed by its collector.</param>
internal sealed record QueueStatusRun(
    string Run,
    string? Collector,
    DateTimeOffset? Started,
    int? MaxAttempts,
    long JobsQueued,
    long RecordMessagesWaiting);
