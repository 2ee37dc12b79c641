using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace WebFetch.Queue;

/// <summary>
/// The streams and the agents' consumer, created by whichever machine comes first (a collector
/// or an agent) and left as they are when they exist: an operator may have tuned them. The jobs
/// stream is a work queue, deduplicating a job published twice within <see cref="DuplicateWindow"/>;
/// records wait at most <see cref="RecordsMaxAge"/> for their collector; the consumer redelivers
/// a job its agent stopped acknowledging progress on after the ack wait, and counts deliveries
/// without limit: each run's own <c>--max-attempts</c> is applied by the agents.
/// </summary>
internal sealed record QueueTopology(int Replicas, TimeSpan AckWait)
{
    /// <summary>How long a job's id is remembered: a collector re-run within it publishes no job twice.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromHours(1);

    /// <summary>How long a record waits for a collector that died.</summary>
    public static readonly TimeSpan RecordsMaxAge = TimeSpan.FromDays(1);

    /// <summary>How long a run's options stay when its collector never ended it.</summary>
    public static readonly TimeSpan RunsMaxAge = TimeSpan.FromDays(7);

    /// <summary>How long the last beat of an agent that stopped stays visible in <c>queue status</c>.</summary>
    public static readonly TimeSpan AgentsMaxAge = TimeSpan.FromDays(1);

    public async Task EnsureAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        await EnsureStreamAsync(js, new StreamConfig(QueueNames.JobsStream, [QueueNames.JobsWildcard])
        {
            Retention = StreamConfigRetention.Workqueue,
            Storage = StreamConfigStorage.File,
            DuplicateWindow = DuplicateWindow,
            NumReplicas = Replicas,
        }, cancellationToken).ConfigureAwait(false);
        await EnsureStreamAsync(js, new StreamConfig(QueueNames.RecordsStream, [QueueNames.RecordsWildcard])
        {
            Retention = StreamConfigRetention.Limits,
            Storage = StreamConfigStorage.File,
            MaxAge = RecordsMaxAge,
            NumReplicas = Replicas,
        }, cancellationToken).ConfigureAwait(false);
        await EnsureStreamAsync(js, new StreamConfig(QueueNames.RunsStream, [QueueNames.RunsWildcard])
        {
            Retention = StreamConfigRetention.Limits,
            Storage = StreamConfigStorage.File,
            MaxMsgsPerSubject = 1,
            MaxAge = RunsMaxAge,
            AllowDirect = true,
            NumReplicas = Replicas,
        }, cancellationToken).ConfigureAwait(false);
        await EnsureStreamAsync(js, new StreamConfig(QueueNames.AgentsStream, [QueueNames.AgentsWildcard])
        {
            Retention = StreamConfigRetention.Limits,
            Storage = StreamConfigStorage.File,
            MaxMsgsPerSubject = 1,
            MaxAge = AgentsMaxAge,
            NumReplicas = Replicas,
        }, cancellationToken).ConfigureAwait(false);
        try
        {
            await js.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            await js.CreateOrUpdateConsumerAsync(QueueNames.JobsStream, new ConsumerConfig(QueueNames.AgentsConsumer)
            {
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = AckWait,
                MaxDeliver = -1,
                MaxAckPending = 100_000,
                FilterSubject = QueueNames.JobsWildcard,
                NumReplicas = Replicas,
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EnsureStreamAsync(INatsJSContext js, StreamConfig config, CancellationToken cancellationToken)
    {
        try
        {
            await js.GetStreamAsync(config.Name!, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            try
            {
                await js.CreateStreamAsync(config, cancellationToken).ConfigureAwait(false);
            }
            catch (NatsJSApiException raced) when (raced.Error.ErrCode == 10058)
            {
                // another machine created it between the look and the creation: it is there
            }
        }
    }
}
