using NATS.Client.JetStream;
using Serilog;

namespace WebFetch.Queue;

/// <summary>
/// While an agent works on a job, tells the queue every <c>every</c> that it still does
/// (AckProgress), so that the job is not delivered to another machine after the ack wait; the
/// job's heartbeat across machines, as a worker's heartbeat is the parent's. Ends when disposed.
/// </summary>
internal sealed class JobProgress : IAsyncDisposable
{
    private readonly CancellationTokenSource _end = new();
    private readonly Task _loop;

    public JobProgress(INatsJSMsg<byte[]> job, TimeSpan every)
    {
        _loop = Task.Run(() => TellAsync(job, every, _end.Token), CancellationToken.None);
    }

    private static async Task TellAsync(INatsJSMsg<byte[]> job, TimeSpan every, CancellationToken end)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, end).ConfigureAwait(false);
                try
                {
                    await job.AckProgressAsync(cancellationToken: end).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.Debug("could not tell the queue that job {Subject} is in progress: {Reason}", job.Subject, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // the job is done
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _end.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _end.Dispose();
    }
}
