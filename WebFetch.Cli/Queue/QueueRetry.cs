using Serilog;
using Serilog.Events;

namespace WebFetch.Queue;

/// <summary>
/// What an agent does when the queue server does not take what it sends (it is away, restarting,
/// electing a leader): says so once (a warning while connected: not a passing absence; a debug
/// line while the connection itself is down, which is said on its own), waits
/// <see cref="Timings.AgentQueueRetry"/>, and tries again until the server takes it or
/// <c>cancellationToken</c> fires.
/// </summary>
internal static class QueueRetry
{
    /// <param name="what">What is being sent, for the one line said: "publish 3 records of run R", ...</param>
    public static async Task<T> UntilTakenAsync<T>(Func<CancellationToken, Task<T>> action, string what, Func<bool> connected, CancellationToken cancellationToken)
    {
        bool told = false;
        while (true)
        {
            try
            {
                return await action(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                if (!told)
                {
                    told = true;
                    Log.Write(connected() ? LogEventLevel.Warning : LogEventLevel.Debug,
                        "could not {What}: {Reason}; trying again", what, Errors.ExceptionChain.Innermost(e).Message);
                }
            }
            await Task.Delay(Timings.AgentQueueRetry, cancellationToken).ConfigureAwait(false);
        }
    }
}
