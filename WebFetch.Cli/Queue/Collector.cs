using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Serilog;
using WebFetch.Pipeline;

namespace WebFetch.Queue;

/// <summary>
/// The queue side of <c>webfetch run --queue</c>: connects (bounded in time; an unreachable
/// server or refused credentials are a <see cref="QueueException"/>), sets up the streams if
/// they are missing, finds or opens its run (<see cref="RunIdentity"/>), publishes the run's
/// spec before any job, reads the records already there, and gives the dispatcher its job
/// client. When the run stops, its jobs are withdrawn; when it ends, whatever it left in the
/// queue (jobs, records, spec) is purged.
/// </summary>
internal sealed class Collector : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly INatsJSContext _js;
    private readonly RecordCollector _records;
    private readonly QueueJobClient _client;
    private readonly JobBundler _bundler;
    private readonly RunSweep _sweep;
    private Task? _withdrawal;

    private Collector(NatsConnection connection, INatsJSContext js, string run, RecordBook book, RecordCollector records, JobBundler bundler, QueueJobClient client)
    {
        _bundler = bundler;
        _connection = connection;
        _js = js;
        _sweep = new RunSweep(js, run, connection.ServerInfo?.Version);
        Run = run;
        Book = book;
        _records = records;
        _client = client;
    }

    /// <summary>The run's id in the queue.</summary>
    public string Run { get; }

    public RecordBook Book { get; }

    /// <summary>The dispatcher's job client.</summary>
    public IJobClient Client => _client;

    /// <summary>Ends only if reading the records fails: the run cannot go on then.</summary>
    public Task RecordsFailed => _records.Reading;

    /// <summary>What a run over the queue needs to be opened.</summary>
    /// <param name="FetchOptions">The run's fetch options as the workers read them (JSON).</param>
    /// <param name="MaxAttempts">Deliveries of one job before it is a <c>worker_lost</c> record.</param>
    /// <param name="ResumeFile">The full path of the <c>--resume</c> file, if any: the same one re-attaches to its run.</param>
    /// <param name="AckWait">The agents' consumer's ack wait, if this collector is the first to create it.</param>
    /// <param name="Replicas">The replicas of the streams and the consumer, if this collector is the first to create them (<c>--queue-replicas</c>; null: not given).</param>
    /// <param name="Modes">For a run whose URLs are not all fetched alike (a crawl): its sets of fetch options, and which one each job takes.</param>
    /// <param name="KeysInOrder">False for a run whose job keys follow no order (a crawl's: <see cref="UrlJobKeys"/>).</param>
    internal sealed record Settings(string FetchOptions, int MaxAttempts, string? ResumeFile, TimeSpan AckWait, int? Replicas = null, JobModes? Modes = null,
        bool KeysInOrder = true);

    public static async Task<Collector> OpenAsync(QueueAddress address, Settings settings, StopCause cause, CancellationToken cancellationToken)
    {
        string host = Environment.MachineName;
        var (connection, js) = await QueueConnection.OpenAsync(address, $"webfetch run {host}", Timings.QueueConnect, cancellationToken).ConfigureAwait(false);
        RecordCollector? records = null;
        try
        {
            var topology = new QueueTopology(settings.Replicas ?? Defaults.QueueReplicas, settings.AckWait) { ReplicasAsked = settings.Replicas is not null };
            await topology.EnsureAsync(js, cancellationToken).ConfigureAwait(false);
            (string run, bool reattached) = await FindRunAsync(js, host, settings.ResumeFile, cancellationToken).ConfigureAwait(false);
            var spec = new RunSpec(run, settings.FetchOptions, settings.MaxAttempts, host, DateTimeOffset.UtcNow, settings.Modes?.Options);
            (await js.PublishAsync(QueueNames.Run(run), JsonSerializer.SerializeToUtf8Bytes(spec, QueueJson.Default.RunSpec), cancellationToken: cancellationToken)
                .ConfigureAwait(false)).EnsureSuccess();
            var book = new RecordBook(settings.KeysInOrder);
            records = await RecordCollector.StartAsync(js, run, book, cancellationToken).ConfigureAwait(false);
            if (reattached)
            {
                Log.Information("re-attached to run {Run} on {Queue}: {Messages} messages of its records are waiting in the queue", run, address.Display, records.FoundAtStart);
            }
            else
            {
                Log.Debug("run {Run} on {Queue}", run, address.Display);
            }
            if (await Task.WhenAny(records.CaughtUp, Task.Delay(Timings.QueueCatchUp, cancellationToken)).ConfigureAwait(false) != records.CaughtUp)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Log.Warning("the records waiting in the queue were not all read within {Seconds} s; going on (a line whose record comes later is not fetched twice)", Timings.QueueCatchUp.TotalSeconds);
            }
            // jobs a collector before this one published and no agent has done yet: their records come, they are not published again
            HashSet<JobKey>? queued = reattached ? await new RunSweep(js, run, connection.ServerInfo?.Version).QueuedKeysAsync(cancellationToken).ConfigureAwait(false) : null;
            if (queued is { Count: > 0 })
            {
                Log.Information("run {Run}: {Count} of its lines are still in the queue as jobs; they are not published again", run, queued.Count);
            }
            var bundler = new JobBundler(js, run, Timings.CollectorJobLinger, TimeProvider.System);
            return new Collector(connection, js, run, book, records, bundler, new QueueJobClient(bundler, book, cause, settings.Modes, queued));
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            await DisposeQuietlyAsync(records, connection).ConfigureAwait(false);
            throw new QueueException($"cannot set up the run in the queue at {address.Display}: {Errors.ExceptionChain.Innermost(e).Message}", e);
        }
        catch
        {
            await DisposeQuietlyAsync(records, connection).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The run stopped or aborted: publishes nothing more, then removes the run's jobs that wait in the queue. The agents finish the ones they hold. Returns at once; <see cref="EndAsync"/> waits for it.</summary>
    public void Withdraw() => _withdrawal ??= WithdrawAsync();

    /// <summary>The run is over: removes what it left in the queue (its jobs, when it stopped; its records; its spec, which tells agents to drop any job of it they still get).</summary>
    public async Task EndAsync()
    {
        if (_withdrawal is { } withdrawal)
        {
            await withdrawal.ConfigureAwait(false);
        }
        // none is left after a run that ended, but one cut short by a stop or an abort may have landed since
        await RemoveAsync(_sweep.DeleteJobsAsync, "jobs").ConfigureAwait(false);
        await RemoveAsync(async ct => await _sweep.PurgeRecordsAsync(ct).ConfigureAwait(false) ? 1 : 0, "records").ConfigureAwait(false);
        // no consumer reads the runs stream: a filtered purge moves nothing there
        await RemoveAsync(async ct => (await _js.PurgeStreamAsync(QueueNames.RunsStream, new StreamPurgeRequest { Filter = QueueNames.Run(Run) }, ct)
            .ConfigureAwait(false)).Purged, "spec").ConfigureAwait(false);
        var (read, dropped) = _records.Counts;
        Log.Debug("run {Run}: {Published} lines published in {Jobs} jobs, {Read} records read, {Dropped} dropped", Run, _client.Published, _client.Jobs, read, dropped);
    }

    private async Task WithdrawAsync()
    {
        await Task.Yield();
        await _client.StopPublishingAsync().ConfigureAwait(false);
        long purged = await RemoveAsync(_sweep.DeleteJobsAsync, "jobs").ConfigureAwait(false);
        Log.Information("withdrew {Count} jobs of the run from the queue; waiting for the ones agents hold", purged);
    }

    /// <summary>Removes some of the run's messages from the queue, bounded in time; a failure is told, not thrown (the queue forgets them with age).</summary>
    private static async Task<long> RemoveAsync(Func<CancellationToken, Task<long>> removal, string what)
    {
        using var bound = new CancellationTokenSource(Timings.QueuePurge);
        try
        {
            return await removal(bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException)
        {
            Log.Warning("cannot remove the run's {What} from the queue ({Reason}): they stay until the queue ages them out", what,
                e is OperationCanceledException ? "no answer" : Errors.ExceptionChain.Innermost(e).Message);
            return 0;
        }
    }

    /// <summary>The run to use: with a resume file, the open run of that file if its collector died, else a new generation of it; without, a new run.</summary>
    private static async Task<(string Run, bool Reattached)> FindRunAsync(NatsJSContext js, string host, string? resumeFile, CancellationToken cancellationToken)
    {
        if (resumeFile is null)
        {
            return (RunIdentity.Fresh(), false);
        }
        string stem = RunIdentity.ResumeStem(host, resumeFile);
        INatsJSStream runs = await js.GetStreamAsync(QueueNames.RunsStream, new StreamInfoRequest { SubjectsFilter = QueueNames.RunsWildcard }, cancellationToken)
            .ConfigureAwait(false);
        var open = new List<(string, DateTimeOffset)>();
        foreach (string subject in runs.Info.State.Subjects?.Keys ?? [])
        {
            string run = QueueNames.RunOf(subject);
            if (!run.StartsWith(stem + "-", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                NatsMsg<byte[]> last = await runs.GetDirectAsync<byte[]>(new StreamMsgGetRequest { LastBySubj = subject }, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                if (last.Data is { } data && JsonSerializer.Deserialize(data, QueueJson.Default.RunSpec) is { } spec)
                {
                    open.Add((run, spec.Started));
                }
            }
            catch (Exception e) when (e is NatsException or JsonException)
            {
                // purged meanwhile, or not a spec: not an open run
            }
        }
        return RunIdentity.OpenRunOf(stem, open) is { } found ? (found, true) : (RunIdentity.NewGeneration(stem), false);
    }

    private static async Task DisposeQuietlyAsync(RecordCollector? records, NatsConnection connection)
    {
        if (records is not null)
        {
            await records.DisposeAsync().ConfigureAwait(false);
        }
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _bundler.StopAsync().ConfigureAwait(false);
        _bundler.Dispose();
        await DisposeQuietlyAsync(_records, _connection).ConfigureAwait(false);
    }
}
