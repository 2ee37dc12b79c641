using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Serilog;

namespace WebFetch.Queue;

/// <summary>
/// Publishes an agent's beat (<see cref="AgentBeat"/>, made by <c>beat</c>) on its subject at
/// once and then every <see cref="Timings.AgentBeat"/>, and a last one when it ends; the stream
/// keeps the last of each agent for <c>queue status</c>. A beat the server does not take (it is
/// away) is skipped: the next one says the same, newer.
/// </summary>
internal sealed class AgentBeats(INatsJSContext js, Func<AgentBeat> beat)
{
    private static readonly NatsRawSerializer<byte[]> Raw = NatsRawSerializer<byte[]>.Default;

    /// <summary>Beats until <paramref name="stop"/> fires, then publishes one last beat, bounded in time.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await PublishAsync(stop).ConfigureAwait(false);
                await Task.Delay(Timings.AgentBeat, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        using var last = new CancellationTokenSource(Timings.AgentGiveBack);
        try
        {
            await PublishAsync(last.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        AgentBeat now = beat();
        try
        {
            await js.PublishAsync(QueueNames.Agent(now.Host, now.Pid), JsonSerializer.SerializeToUtf8Bytes(now, QueueJson.Default.AgentBeat), Raw,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Debug("could not publish this agent's beat: {Reason}", e.Message);
        }
    }
}
