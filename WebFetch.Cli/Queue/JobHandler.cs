using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Serilog;
using WebFetch.Input;
using WebFetch.Pipeline;
using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Queue;

/// <summary>
/// One delivery of a job, from its arrival to its acknowledgement: find its run's spec (none:
/// the run was withdrawn, the job is dropped), send each of its lines to the local workers with
/// the run's fetch options, then, as <see cref="DeliveryRules"/> says, publish each line's record
/// (in a batch with others, <see cref="RecordBatcher"/>) and acknowledge the job once every
/// record is stored, or give it back to the queue. While it is in hand the queue is told it is
/// in progress (<see cref="JobProgress"/>). What the server does not take now (it is away,
/// restarting) is tried again until it does, or until the agent aborts; a job not acknowledged
/// comes back after the ack wait, so nothing is lost.
/// <para>
/// A bundle (a job of several lines) is split where one of its lines needs another delivery:
/// a line lost with a worker here goes back to the queue alone, after the redelivery delay,
/// carrying the deliveries it had (<see cref="JobMessage.Lost"/>); a bundle delivered a second
/// time (the machine that held it died or stopped) is sent back line by line at once, unfetched.
/// So a line that kills workers or machines uses up its own attempts, not its bundle's. A line
/// goes back alone under the id of a single job (<see cref="QueueNames.JobMessageId"/>): split
/// twice (its bundle came back after the first split), it is stored once.
/// </para>
/// </summary>
internal sealed class JobHandler(INatsJSContext js, RunSpecCache specs, WorkerClient workers, RecordBatcher records, string host, JobProgress progress, Func<bool> connected)
{
    private long _done;
    private long _givenBack;

    /// <summary>What became of one line of a delivery.</summary>
    private enum LineEnd
    {
        /// <summary>Its record is stored.</summary>
        Recorded,

        /// <summary>Back to the queue for another delivery (a single job given back with a delay, or a line split off its bundle).</summary>
        Retried,

        /// <summary>Cut short by this agent's stop: the whole job goes back at once.</summary>
        GiveBack,
    }

    /// <summary>Lines whose record this agent stored.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Lines cut short by this agent's stop and given back to the queue.</summary>
    public long GivenBack => Interlocked.Read(ref _givenBack);

    /// <summary>The job a message holds and its lines; null (and no line) when it is not a job webfetch publishes.</summary>
    public static JobMessage? Read(INatsJSMsg<byte[]> message, out IReadOnlyList<JobLine> lines)
    {
        JobMessage? job = JobMessage.Parse(message.Data, out lines);
        if (job is null)
        {
            Log.Warning("a message on {Subject} is not a job that webfetch publishes; dropped", message.Subject);
        }
        return job;
    }

    /// <summary>
    /// Handles the job (read by <see cref="Read"/>) until it is acknowledged or given back;
    /// <paramref name="fetched"/> is called once for each line the workers are done with (its
    /// record may still wait to be stored), <paramref name="recorded"/> once for each line whose
    /// record is stored (the job may still wait for its other lines). <paramref name="abort"/>
    /// cuts it short (it is given back at once).
    /// </summary>
    public async Task HandleAsync(INatsJSMsg<byte[]> message, JobMessage? job, IReadOnlyList<JobLine> lines, Action fetched, Action recorded, CancellationToken abort)
    {
        if (job is null)
        {
            await SettleAsync(ct => message.AckTerminateAsync(new AckOpts { DoubleAck = true }, ct), "drop a message that is not a job", message, abort).ConfigureAwait(false);
            return;
        }
        ulong delivered = message.Metadata?.NumDelivered ?? 1;
        int done = 0;
        try
        {
            using JobProgress.Lease told = progress.Track(message);
            RunSpec? spec = await SettleAsync(ct => specs.GetAsync(job.Run, ct), $"read the options of run {job.Run}", message, abort).ConfigureAwait(false);
            if (spec is null)
            {
                Log.Debug("{Url}: run {Run} was withdrawn or has ended; its job is dropped", lines[0].Url, job.Run);
                await AckAsync(message, abort).ConfigureAwait(false);
                return;
            }
            if (lines.Count > 1 && delivered > 1)
            {
                Log.Debug("a job of {Count} URLs of run {Run} came again (delivery {Delivered}): its URLs go back to the queue one by one", lines.Count, job.Run, delivered);
                await Task.WhenAll(lines.Select(line => SplitOffAsync(job.Run, line, delivered - 1, abort))).ConfigureAwait(false);
                await AckAsync(message, abort).ConfigureAwait(false);
                return;
            }
            LineEnd[] ends = await Task.WhenAll(lines.Select(async line =>
            {
                LineEnd end = await HandleLineAsync(message, job, line, spec, delivered + (ulong)job.Lost, lines.Count > 1, fetched, abort).ConfigureAwait(false);
                if (end == LineEnd.Recorded)
                {
                    Interlocked.Increment(ref done);
                    recorded();
                }
                return end;
            })).ConfigureAwait(false);
            if (ends.Contains(LineEnd.GiveBack))
            {
                await GiveBackAsync(message, lines.Count - done).ConfigureAwait(false);
            }
            else if (lines.Count > 1 || ends[0] == LineEnd.Recorded)
            {
                await AckAsync(message, abort).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            await GiveBackAsync(message, lines.Count - Volatile.Read(ref done)).ConfigureAwait(false);
        }
    }

    /// <summary>One line of the job: fetched, judged, recorded; or sent back to the queue for another delivery.</summary>
    private async Task<LineEnd> HandleLineAsync(INatsJSMsg<byte[]> message, JobMessage job, JobLine line, RunSpec spec, ulong delivered, bool bundled, Action fetched,
        CancellationToken abort)
    {
        FetchResult record;
        if (DeliveryRules.LostTooOften(delivered, spec.MaxAttempts))
        {
            fetched();
            record = DeliveryRules.LostRecord(line.Url, delivered, host);
        }
        else
        {
            FetchResult result = await FetchAsync(job.Run, line, spec, abort).ConfigureAwait(false);
            fetched();
            switch (DeliveryRules.Judge(result, delivered, spec.MaxAttempts))
            {
                case DeliveryVerdict.Retry:
                    TimeSpan delay = DeliveryRules.RedeliveryDelay(delivered);
                    Log.Debug("{Url}: lost on delivery {Delivered} of {Max}; back to the queue{Alone}, delivered again in {Seconds} s", line.Url, delivered, spec.MaxAttempts,
                        bundled ? " alone" : "", delay.TotalSeconds);
                    if (bundled)
                    {
                        await Task.Delay(delay, abort).ConfigureAwait(false);
                        await SplitOffAsync(job.Run, line, delivered, abort).ConfigureAwait(false);
                    }
                    else
                    {
                        await SettleAsync(ct => message.NakAsync(new AckOpts { NakDelay = delay, DoubleAck = true }, ct), "give a lost job back", message, abort).ConfigureAwait(false);
                    }
                    return LineEnd.Retried;
                case DeliveryVerdict.GiveBack:
                    return LineEnd.GiveBack;
            }
            record = DeliveryRules.Record(result, delivered, host);
        }
        await records.AddAsync(job.Run, line.Key, record, abort).ConfigureAwait(false);
        Interlocked.Increment(ref _done);
        return LineEnd.Recorded;
    }

    /// <summary>Publishes <paramref name="line"/> as a job of its own, with the deliveries it had (<paramref name="lost"/>).</summary>
    private Task<PubAckResponse> SplitOffAsync(string run, JobLine line, ulong lost, CancellationToken abort)
    {
        byte[] data = JsonSerializer.SerializeToUtf8Bytes(new JobMessage(run, line.Key, line.Url, line.Mode, (int)lost), QueueJson.Default.JobMessage);
        var options = new NatsJSPubOpts { MsgId = QueueNames.JobMessageId(run, line.Key) };
        return QueueRetry.UntilTakenAsync(async ct =>
        {
            PubAckResponse ack = await js.PublishAsync(QueueNames.Jobs(run), data, opts: options, cancellationToken: ct).ConfigureAwait(false);
            ack.EnsureStored();
            return ack;
        }, $"send {line.Url} of run {run} back to the queue alone", connected, abort);
    }

    /// <summary>Gives a job back to the queue at once, for another agent: this one is stopping (<paramref name="unfinished"/> of its lines have no record). Bounded: past it, the queue gives it back after its ack wait.</summary>
    public async Task GiveBackAsync(INatsJSMsg<byte[]> message, int unfinished)
    {
        Interlocked.Add(ref _givenBack, unfinished);
        using var bound = new CancellationTokenSource(Timings.AgentGiveBack);
        try
        {
            await message.NakAsync(new AckOpts { DoubleAck = true }, bound.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || bound.IsCancellationRequested)
        {
            Log.Debug("could not give job {Subject} back to the queue ({Reason}): it comes back after the ack wait", message.Subject, e.Message);
        }
    }

    /// <summary>The local workers' result for a line, with its run's options (those of its mode, if it names one); a URL that is not one to request (a job not published by webfetch) is an <c>invalid_url</c> result.</summary>
    private async Task<FetchResult> FetchAsync(string run, JobLine job, RunSpec spec, CancellationToken abort)
    {
        if (!WebUrl.TryParse(job.Url, out WebUrl? url, out string? error))
        {
            return FetchResult.Failed(job.Url, ErrorKind.InvalidUrl, error) with { Attempts = 0 };
        }
        var line = new InputLine(job.Url, url, Problem: null, Source: $"run {run}", LineNumber: 0);
        return await workers.FetchAsync(line, spec.OptionsFor(job.Mode), abort).ConfigureAwait(false);
    }

    /// <summary>
    /// Acknowledges a job whose records the server has stored (or that needs none), without
    /// waiting for the server's answer: a round trip and a message per job fewer. An
    /// acknowledgement lost on the way only brings the job back after the ack wait; its second
    /// records are dropped by the collector, which takes one record per line.
    /// </summary>
    private Task AckAsync(INatsJSMsg<byte[]> message, CancellationToken abort) =>
        SettleAsync(ct => message.AckAsync(new AckOpts { DoubleAck = false }, ct), "acknowledge a job", message, abort);

    private async Task SettleAsync(Func<CancellationToken, ValueTask> action, string what, INatsJSMsg<byte[]> message, CancellationToken abort) =>
        await SettleAsync(async ct =>
        {
            await action(ct).ConfigureAwait(false);
            return true;
        }, what, message, abort).ConfigureAwait(false);

    /// <summary>Runs <paramref name="action"/> until the server takes it (<see cref="QueueRetry"/>); a failure is said once per job.</summary>
    private Task<T> SettleAsync<T>(Func<CancellationToken, Task<T>> action, string what, INatsJSMsg<byte[]> message, CancellationToken abort) =>
        QueueRetry.UntilTakenAsync(action, $"{what} for job {message.Subject}", connected, abort);
}
