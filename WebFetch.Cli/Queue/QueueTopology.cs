using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Serilog;
using Serilog.Events;

namespace WebFetch.Queue;

/// <summary>
/// The streams and the agents' consumer, created by whichever machine comes first (a collector
/// or an agent) and left as they are when they exist: an operator may have tuned them. The jobs
/// stream is a work queue, deduplicating a job published twice within <see cref="DuplicateWindow"/>;
/// records wait at most <see cref="RecordsMaxAge"/> for their collector; the consumer redelivers
/// a job its agent stopped acknowledging progress on after the ack wait, and counts deliveries
/// without limit: each run's own <c>--max-attempts</c> is applied by the agents. Streams and
/// the consumer are created with <see cref="Replicas"/> copies (<c>--queue-replicas</c>); one
/// that exists with another count is left as it is, and said once (a warning when the count was
/// asked for, else a debug line: an operator may have chosen it).
/// </summary>
internal sealed record QueueTopology(int Replicas, TimeSpan AckWait)
{
    private int _toldReplicas;

    /// <summary>Whether <see cref="Replicas"/> was given (<c>--queue-replicas</c>), not the default.</summary>
    public bool ReplicasAsked { get; init; }

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
        var others = new List<string>();
        await EnsureStreamAsync(js, new StreamConfig(QueueNames.JobsStream, [QueueNames.JobsWildcard])
        {
            Retention = StreamConfigRetention.Workqueue,
            Storage = StreamConfigStorage.File,
            DuplicateWindow = DuplicateWindow,
            NumReplicas = Replicas,
        }, others, cancellationToken).ConfigureAwait(false);
        await EnsureStreamAsync(js, new StreamConfig(QueueNames.RecordsStream, [QueueNames.RecordsWildcard])
        {
            Retention = StreamConfigRetention.Limits,
            Storage = StreamConfigStorage.File,
            MaxAge = RecordsMaxAge,
            NumReplicas = Replicas,
        }, others, cancellationToken).ConfigureAwait(false);
        await EnsureStreamAsync(js, new StreamConfig(QueueNames.RunsStream, [QueueNames.RunsWildcard])
        {
            Retention = StreamConfigRetention.Limits,
            Storage = StreamConfigStorage.File,
            MaxMsgsPerSubject = 1,
            MaxAge = RunsMaxAge,
            AllowDirect = true,
            NumReplicas = Replicas,
        }, others, cancellationToken).ConfigureAwait(false);
        await EnsureStreamAsync(js, new StreamConfig(QueueNames.AgentsStream, [QueueNames.AgentsWildcard])
        {
            Retention = StreamConfigRetention.Limits,
            Storage = StreamConfigStorage.File,
            MaxMsgsPerSubject = 1,
            MaxAge = AgentsMaxAge,
            NumReplicas = Replicas,
        }, others, cancellationToken).ConfigureAwait(false);
        try
        {
            INatsJSConsumer consumer = await js.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer, cancellationToken).ConfigureAwait(false);
            // 0: as many as its stream
            if (consumer.Info.Config.NumReplicas is not 0 && consumer.Info.Config.NumReplicas != Replicas)
            {
                others.Add($"consumer {QueueNames.AgentsConsumer}: {consumer.Info.Config.NumReplicas}");
            }
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
        TellReplicas(others);
    }

    /// <summary>Says once which of the queue's streams and consumer exist with another number of replicas than <see cref="Replicas"/>: they are left as they are.</summary>
    private void TellReplicas(List<string> others)
    {
        if (others.Count == 0 || Interlocked.Exchange(ref _toldReplicas, 1) != 0)
        {
            return;
        }
        Log.Write(ReplicasAsked ? LogEventLevel.Warning : LogEventLevel.Debug,
            "the queue's streams exist with other replica counts than {Replicas} ({Others}): left as they are (the replicas of a stream are its operator's to change)",
            Replicas, string.Join(", ", others));
    }

    private static async Task EnsureStreamAsync(INatsJSContext js, StreamConfig config, List<string> others, CancellationToken cancellationToken)
    {
        try
        {
            INatsJSStream stream = await js.GetStreamAsync(config.Name!, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (stream.Info.Config.NumReplicas != config.NumReplicas)
            {
                others.Add($"{config.Name}: {stream.Info.Config.NumReplicas}");
            }
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
