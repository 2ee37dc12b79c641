using WebFetch.Protocol;

namespace WebFetch.Pipeline;

/// <summary>The local workers as the dispatcher's job client: each job through <see cref="WorkerClient"/>, and the socket's path checked as the loop passes.</summary>
internal sealed class WorkerJobClient(WorkerClient client) : IJobClient
{
    public Task<FetchResult> FetchAsync(Job job, CancellationToken abort) => client.FetchAsync(job.Line, abort);

    public void Admitted(Job job)
    {
        // the workers need nothing before a job starts
    }

    public void CheckIfDue(TimeSpan now) => client.Socket.CheckIfDue(now);
}
