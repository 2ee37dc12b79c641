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
/// the run was withdrawn, the job is dropped), send it to the local workers with the run's fetch
/// options, then, as <see cref="DeliveryRules"/> says, publish its record (in a batch with others,
/// <see cref="RecordBatcher"/>) and acknowledge it once the record is stored, or give it back to
/// the queue. While it is in hand the queue is told it is in progress
/// (<see cref="JobProgress"/>). What the server does not take now (it is away, restarting) is
/// tried again until it does, or until the agent aborts; a job not acknowledged comes back
/// after the ack wait, so nothing is lost.
/// </summary>
internal sealed class JobHandler(RunSpecCache specs, WorkerClient workers, RecordBatcher records, string host, JobProgress progress, Func<bool> connected)
{
    /// <summary>
    /// Handles the job until it is acknowledged or given back; <paramref name="fetched"/> is
    /// called once the workers are done with it (its record may still wait to be stored).
    /// <paramref name="abort"/> cuts it short (it is given back at once).
    /// </summary>
    public async Task<DeliveryEnd> HandleAsync(INatsJSMsg<byte[]> message, Action fetched, CancellationToken abort)
    {
        JobMessage? job = Read(message);
        if (job is null)
        {
            await SettleAsync(ct => message.AckTerminateAsync(new AckOpts { DoubleAck = true }, ct), "drop a message that is not a job", message, abort).ConfigureAwait(false);
            return DeliveryEnd.Dropped;
        }
        ulong delivered = message.Metadata?.NumDelivered ?? 1;
        try
        {
            using JobProgress.Lease told = progress.Track(message);
            RunSpec? spec = await SettleAsync(ct => specs.GetAsync(job.Run, ct), $"read the options of run {job.Run}", message, abort).ConfigureAwait(false);
            if (spec is null)
            {
                Log.Debug("{Url}: run {Run} was withdrawn or has ended; its job is dropped", job.Url, job.Run);
                await AckAsync(message, abort).ConfigureAwait(false);
                return DeliveryEnd.Dropped;
            }
            FetchResult record;
            if (DeliveryRules.LostTooOften(delivered, spec.MaxAttempts))
            {
                record = DeliveryRules.LostRecord(job.Url, delivered, host);
            }
            else
            {
                FetchResult result = await FetchAsync(job, spec, abort).ConfigureAwait(false);
                fetched();
                switch (DeliveryRules.Judge(result, delivered, spec.MaxAttempts))
                {
                    case DeliveryVerdict.Retry:
                        TimeSpan delay = DeliveryRules.RedeliveryDelay(delivered);
                        Log.Debug("{Url}: lost on delivery {Delivered} of {Max}; back to the queue, delivered again in {Seconds} s", job.Url, delivered, spec.MaxAttempts, delay.TotalSeconds);
                        await SettleAsync(ct => message.NakAsync(new AckOpts { NakDelay = delay, DoubleAck = true }, ct), "give a lost job back", message, abort).ConfigureAwait(false);
                        return DeliveryEnd.Retried;
                    case DeliveryVerdict.GiveBack:
                        await GiveBackAsync(message).ConfigureAwait(false);
                        return DeliveryEnd.GivenBack;
                }
                record = DeliveryRules.Record(result, delivered, host);
            }
            await records.AddAsync(job.Run, job.Key, record, abort).ConfigureAwait(false);
            await AckAsync(message, abort).ConfigureAwait(false);
            return DeliveryEnd.Done;
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            await GiveBackAsync(message).ConfigureAwait(false);
            return DeliveryEnd.GivenBack;
        }
    }

    /// <summary>Gives a job back to the queue at once, for another agent: this one is stopping. Bounded: past it, the queue gives it back after its ack wait.</summary>
    public static async Task GiveBackAsync(INatsJSMsg<byte[]> message)
    {
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

    private static JobMessage? Read(INatsJSMsg<byte[]> message)
    {
        try
        {
            if (message.Data is { } data && JsonSerializer.Deserialize(data, QueueJson.Default.JobMessage) is { } job
                && job.Run is not null && job.Key is not null && job.Url is not null)
            {
                return job;
            }
        }
        catch (JsonException)
        {
        }
        Log.Warning("a message on {Subject} is not a job that webfetch publishes; dropped", message.Subject);
        return null;
    }

    /// <summary>The local workers' result for the job, with its run's options (those of the job's mode, if it names one); a URL that is not one to request (a job not published by webfetch) is an <c>invalid_url</c> result.</summary>
    private async Task<FetchResult> FetchAsync(JobMessage job, RunSpec spec, CancellationToken abort)
    {
        if (!WebUrl.TryParse(job.Url, out WebUrl? url, out string? error))
        {
            return FetchResult.Failed(job.Url, ErrorKind.InvalidUrl, error) with { Attempts = 0 };
        }
        var line = new InputLine(job.Url, url, Problem: null, Source: $"run {job.Run}", LineNumber: 0);
        return await workers.FetchAsync(line, spec.OptionsFor(job.Mode), abort).ConfigureAwait(false);
    }

    /// <summary>
    /// Acknowledges a job whose record the server has stored (or that needs none), without
    /// waiting for the server's answer: a round trip and a message per job fewer. An
    /// acknowledgement lost on the way only brings the job back after the ack wait; its second
    /// record is dropped by the collector, which takes one record per line.
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
