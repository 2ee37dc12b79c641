using System.Runtime.CompilerServices;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Serilog;

namespace WebFetch.Queue;

/// <summary>
/// Removes one run's messages from the queue without moving another run's. A purge filtered on
/// one run's subject would be the obvious way, but a nats-server before
/// <see cref="FilteredPurgeFixedIn"/> (Debian's 2.9.10 among them) moves every consumer of the
/// stream past the stream's last message when it empties the subject: the agents' shared consumer
/// then never delivers the jobs of the other runs that were waiting (their collectors hang), and
/// the other collectors' record readers skip the records they had not read yet. So the jobs,
/// few at most (the in-flight bound), are deleted one by one, which moves no consumer on any
/// server; the records, which can be many, are purged on a server that has the fix, and on an
/// older one only while no other run is open (else they are left to the stream's age limit).
/// </summary>
internal sealed class RunSweep(INatsJSContext js, string run, string? serverVersion)
{
    /// <summary>The first nats-server whose filtered purge leaves the consumers of other subjects where they are (nats-server pull request 3838).</summary>
    public static readonly Version FilteredPurgeFixedIn = new(2, 9, 15);

    /// <summary>Deletes the run's jobs still in the jobs stream, one by one; returns how many.</summary>
    public async Task<long> DeleteJobsAsync(CancellationToken cancellationToken)
    {
        INatsJSStream stream = await js.GetStreamAsync(QueueNames.JobsStream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var deletions = new List<Task>();
        await foreach (StoredMessage job in JobsAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            deletions.Add(DeleteAsync(stream, job.Seq, cancellationToken));
        }
        await Task.WhenAll(deletions).ConfigureAwait(false);
        return deletions.Count;
    }

    /// <summary>The keys of the run's lines whose jobs are still in the jobs stream (waiting, or held by an agent): a collector that re-attaches does not publish them again. Few at most (the in-flight bound); a message that is not a job is passed over.</summary>
    public async Task<HashSet<JobKey>> QueuedKeysAsync(CancellationToken cancellationToken)
    {
        INatsJSStream stream = await js.GetStreamAsync(QueueNames.JobsStream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var keys = new HashSet<JobKey>();
        await foreach (StoredMessage job in JobsAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            JobMessage.Parse(job.Data.Span, out IReadOnlyList<JobLine> lines);
            foreach (JobLine line in lines)
            {
                if (JobKey.TryParse(line.Key, out JobKey key))
                {
                    keys.Add(key);
                }
            }
        }
        return keys;
    }

    /// <summary>The run's messages in the jobs stream, in order, one request each.</summary>
    private async IAsyncEnumerable<StoredMessage> JobsAsync(INatsJSStream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string subject = QueueNames.Jobs(run);
        ulong next = 1;
        while (true)
        {
            StreamMsgGetResponse found;
            try
            {
                found = await stream.GetAsync(new StreamMsgGetRequest { Seq = next, NextBySubj = subject }, cancellationToken).ConfigureAwait(false);
            }
            catch (NatsJSApiException e) when (e.Error.Code == 404)
            {
                yield break; // none left after next
            }
            yield return found.Message;
            next = found.Message.Seq + 1;
        }
    }

    /// <summary>Purges the run's records when that moves no other run's reader; returns false when they were left to the stream's age limit.</summary>
    public async Task<bool> PurgeRecordsAsync(CancellationToken cancellationToken)
    {
        if (!HasFilteredPurgeFix(serverVersion) && await OtherRunsOpenAsync(cancellationToken).ConfigureAwait(false))
        {
            Log.Debug("run {Run}: its records stay until the queue ages them out: other runs are open, and nats-server {Version} would make their readers skip theirs on a purge",
                run, serverVersion);
            return false;
        }
        await js.PurgeStreamAsync(QueueNames.RecordsStream, new StreamPurgeRequest { Filter = QueueNames.Records(run) }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether a server of <paramref name="version"/> (as it announces itself, e.g. <c>2.9.10</c> or <c>2.10.0-beta.1</c>) purges one subject without moving the consumers of others; an unreadable version is taken for an old one.</summary>
    public static bool HasFilteredPurgeFix(string? version)
    {
        string release = version?.Split('-', '+')[0] ?? "";
        return Version.TryParse(release, out Version? parsed) && parsed >= FilteredPurgeFixedIn;
    }

    private async Task<bool> OtherRunsOpenAsync(CancellationToken cancellationToken)
    {
        INatsJSStream runs = await js.GetStreamAsync(QueueNames.RunsStream, new StreamInfoRequest { SubjectsFilter = QueueNames.RunsWildcard }, cancellationToken)
            .ConfigureAwait(false);
        return (runs.Info.State.Subjects?.Keys ?? []).Any(subject => subject != QueueNames.Run(run));
    }

    private static async Task DeleteAsync(INatsJSStream stream, ulong sequence, CancellationToken cancellationToken)
    {
        try
        {
            await stream.DeleteMessageAsync(new StreamMsgDeleteRequest { Seq = sequence, NoErase = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e)
        {
            // most often acknowledged by its agent meanwhile: gone already
            Log.Debug("job {Sequence} not deleted from the queue: {Reason}", sequence, e.Error.Description);
        }
    }
}
