namespace WebFetch.Queue;

/// <summary>
/// The jobs of every run together, as the agents' consumer counts them (a job holds one to
/// <see cref="JobBundler.MaxLines"/> URLs: <see cref="JobMessage"/>). <see cref="Queued"/>
/// are all the jobs in the queue; of those, <see cref="Waiting"/> were handed to no agent yet
/// and <see cref="InFlight"/> were handed out and not acknowledged (held by an agent, or given
/// back with a back-off and not handed out again yet); <see cref="Redelivered"/> of the jobs not
/// acknowledged were handed out more than once (an agent died, was stopped, or lost the worker
/// fetching it).
/// </summary>
internal sealed record QueueStatusJobs(long Queued, long Waiting, long InFlight, long Redelivered);
