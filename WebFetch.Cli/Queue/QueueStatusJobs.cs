namespace WebFetch.Queue;

/// <summary>
/// The jobs of every run together. <see cref="Queued"/> are all the jobs in the queue;
/// of those, <see cref="Waiting"/> were handed to no agent yet and <see cref="InFlight"/> are
/// held by an agent that has not acknowledged them; <see cref="Redelivered"/> of the held ones
/// were handed out more than once (an agent died, was stopped, or lost the worker fetching it).
/// </summary>
internal sealed record QueueStatusJobs(long Queued, long Waiting, long InFlight, long Redelivered);
