namespace WebFetch.Pipeline;

/// <summary>
/// The politeness stage: the jobs read ahead wait per host (<see cref="HostScheduler{T}"/>:
/// <c>--per-host</c>, <c>--delay</c>) under the global <c>--rate</c> (<see cref="RateLimiter"/>),
/// and <see cref="TryTake"/> gives the earliest-read job that may start now. Pure logic with
/// the clock passed in; not thread-safe: the dispatcher calls it under its lock.
/// </summary>
/// <param name="hostDelays">Longer delays some hosts asked for (a crawl's robots.txt <c>Crawl-delay</c>).</param>
internal sealed class JobScheduler(DispatchPolicy policy, HostDelays? hostDelays = null)
{
    private readonly HostScheduler<Job> _hosts = new(policy.PerHost, policy.Delay, hostDelays);
    private readonly RateLimiter _rate = new(policy.Rate);

    /// <summary>Jobs waiting, not yet taken.</summary>
    public int Queued => _hosts.Queued;

    public void Enqueue(Job job) => _hosts.Enqueue(job.Host, job.Sequence, job);

    /// <summary>
    /// Takes the job to start at <paramref name="now"/>, if the rate and its host allow one;
    /// otherwise <paramref name="retryAt"/> says when a delay or the rate lets one go (null when
    /// nothing is queued, or only the per-host limit holds them: a job's end is what frees them).
    /// </summary>
    public bool TryTake(TimeSpan now, out Job job, out TimeSpan? retryAt)
    {
        job = null!;
        retryAt = null;
        if (!_rate.IsAvailable(now))
        {
            retryAt = _hosts.Queued > 0 ? _rate.NextAt(now) : null;
            return false;
        }
        if (!_hosts.TryTake(now, out job, out _))
        {
            retryAt = _hosts.NextAllowedAt;
            return false;
        }
        _rate.Take(now);
        return true;
    }

    /// <summary>A job taken has ended (its host may take the next one, after its delay).</summary>
    public void Completed(Job job, TimeSpan now) => _hosts.Completed(job.Host, now);

    /// <summary>Empties the queues: the jobs that will not start now that the run stops.</summary>
    public List<Job> Drain() => _hosts.Drain();
}
