using WebFetch.Protocol;

namespace WebFetch.Pipeline;

/// <summary>
/// The stage that gets a job its record: today the local workers (<see cref="WorkerClient"/>,
/// through <see cref="WorkerJobClient"/>), or a queue that other machines take jobs from. The
/// dispatcher tells it of every job it admits, in input order, before the job may start; then
/// starts each job at most once, when its host and the window allow.
/// </summary>
internal interface IJobClient
{
    /// <summary>The job's record. When <paramref name="abort"/> fires first, an <c>interrupted</c> one.</summary>
    Task<FetchResult> FetchAsync(Job job, CancellationToken abort);

    /// <summary>A job was admitted: it starts later (<see cref="FetchAsync"/>), unless the run stops first. Called under the dispatcher's lock, in input order.</summary>
    void Admitted(Job job);

    /// <summary>The dispatcher's loop passes by at <paramref name="now"/>: a check that is due may run (it must not block).</summary>
    void CheckIfDue(TimeSpan now);
}
