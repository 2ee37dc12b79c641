using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Serilog;

namespace WebFetch.Queue;

/// <summary>
/// Reads <see cref="QueueStatus"/> from the server, and changes nothing: the streams' states
/// with their per-subject counts (one subject per run, so the counts are per run), the agents'
/// consumer (jobs handed out and not acknowledged, redelivered), the last specification of
/// each run and the last beat of each agent. A stream that does not exist counts nothing and
/// is not created.
/// </summary>
internal static class QueueStatusReader
{
    public static async Task<QueueStatus> ReadAsync(INatsJSContext js, string server, TimeProvider clock, CancellationToken cancellationToken)
    {
        INatsJSStream? jobs = await StreamAsync(js, QueueNames.JobsStream, QueueNames.JobsWildcard, cancellationToken).ConfigureAwait(false);
        ConsumerInfo? consumer = jobs is null ? null : await ConsumerAsync(js, cancellationToken).ConfigureAwait(false);
        INatsJSStream? records = await StreamAsync(js, QueueNames.RecordsStream, QueueNames.RecordsWildcard, cancellationToken).ConfigureAwait(false);
        INatsJSStream? runs = await StreamAsync(js, QueueNames.RunsStream, QueueNames.RunsWildcard, cancellationToken).ConfigureAwait(false);
        INatsJSStream? agents = await StreamAsync(js, QueueNames.AgentsStream, QueueNames.AgentsWildcard, cancellationToken).ConfigureAwait(false);
        DateTimeOffset at = clock.GetUtcNow();
        if (jobs is null && records is null && runs is null && agents is null)
        {
            return QueueStatus.None(server, at);
        }

        IReadOnlyList<(RunSpec Spec, DateTimeOffset Stored)> specs = await LastMessagesAsync(runs, QueueJson.Default.RunSpec, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<(AgentBeat Beat, DateTimeOffset Stored)> beats = await LastMessagesAsync(agents, QueueJson.Default.AgentBeat, cancellationToken).ConfigureAwait(false);
        Dictionary<string, long> jobsByRun = CountsByRun(jobs);
        Dictionary<string, long> recordsByRun = CountsByRun(records);

        long queued = jobs?.Info.State.Messages ?? 0;
        var jobCounts = new QueueStatusJobs(
            queued,
            Waiting: consumer is null ? queued : (long)consumer.NumPending,
            InFlight: consumer?.NumAckPending ?? 0,
            Redelivered: consumer?.NumRedelivered ?? 0);
        return new QueueStatus(
            server,
            QueueExists: true,
            at,
            RunsOf(specs, jobsByRun, recordsByRun),
            jobCounts,
            records?.Info.State.Messages ?? 0,
            beats.Select(b => AgentOf(b.Beat, b.Stored, at)).OrderBy(a => a.Host, StringComparer.Ordinal).ThenBy(a => a.Pid).ToList());
    }

    /// <summary>Every run named by a specification, a job or a record: oldest first, those without a specification last.</summary>
    private static List<QueueStatusRun> RunsOf(
        IReadOnlyList<(RunSpec Spec, DateTimeOffset Stored)> specs, Dictionary<string, long> jobsByRun, Dictionary<string, long> recordsByRun)
    {
        var runs = new List<QueueStatusRun>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (RunSpec spec in specs.Select(s => s.Spec).OrderBy(s => s.Started).ThenBy(s => s.Run, StringComparer.Ordinal))
        {
            if (seen.Add(spec.Run))
            {
                runs.Add(new QueueStatusRun(spec.Run, spec.Collector, spec.Started, spec.MaxAttempts, jobsByRun.GetValueOrDefault(spec.Run), recordsByRun.GetValueOrDefault(spec.Run)));
            }
        }
        foreach (string run in jobsByRun.Keys.Concat(recordsByRun.Keys).Where(r => !seen.Contains(r)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            runs.Add(new QueueStatusRun(run, null, null, null, jobsByRun.GetValueOrDefault(run), recordsByRun.GetValueOrDefault(run)));
        }
        return runs;
    }

    private static QueueStatusAgent AgentOf(AgentBeat beat, DateTimeOffset stored, DateTimeOffset now) => new(
        beat.Host, beat.Pid, beat.Workers, beat.Concurrency, beat.InFlight, beat.Done, beat.Draining, beat.Started,
        stored, Math.Max(0, (long)(now - stored).TotalSeconds));

    /// <summary>The stream with its per-subject message counts, or null when it does not exist.</summary>
    private static async Task<INatsJSStream?> StreamAsync(INatsJSContext js, string name, string subjects, CancellationToken cancellationToken)
    {
        try
        {
            return await js.GetStreamAsync(name, new StreamInfoRequest { SubjectsFilter = subjects }, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null;
        }
    }

    private static async Task<ConsumerInfo?> ConsumerAsync(INatsJSContext js, CancellationToken cancellationToken)
    {
        try
        {
            INatsJSConsumer consumer = await js.GetConsumerAsync(QueueNames.JobsStream, QueueNames.AgentsConsumer, cancellationToken).ConfigureAwait(false);
            return consumer.Info;
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null; // streams made by hand, or an agent's consumer not made yet: nothing handed out
        }
    }

    private static Dictionary<string, long> CountsByRun(INatsJSStream? stream)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((string subject, long messages) in stream?.Info.State.Subjects ?? new Dictionary<string, long>())
        {
            string run = QueueNames.RunOf(subject);
            counts[run] = counts.GetValueOrDefault(run) + messages;
        }
        return counts;
    }

    /// <summary>
    /// The last message on each subject of <paramref name="stream"/> (one per run, one per agent),
    /// with the time the server stored it. A message gone between the listing and the read, or
    /// one this version cannot read, is left out (the latter with a warning that names it).
    /// </summary>
    private static async Task<IReadOnlyList<(T Message, DateTimeOffset Stored)>> LastMessagesAsync<T>(
        INatsJSStream? stream, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var found = new List<(T, DateTimeOffset)>();
        foreach (string subject in stream?.Info.State.Subjects?.Keys ?? Array.Empty<string>())
        {
            StoredMessage message;
            try
            {
                StreamMsgGetResponse response = await stream!.GetAsync(new StreamMsgGetRequest { LastBySubj = subject }, cancellationToken).ConfigureAwait(false);
                message = response.Message;
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                continue; // expired or purged meanwhile
            }
            T? value = null;
            try
            {
                value = JsonSerializer.Deserialize(message.Data.Span, type);
            }
            catch (JsonException)
            {
            }
            if (value is null)
            {
                Log.Warning("queue status: the message on {Subject} is not one this version of webfetch can read; left out", subject);
                continue;
            }
            found.Add((value, message.Time));
        }
        return found;
    }
}
