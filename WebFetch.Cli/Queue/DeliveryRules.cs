using WebFetch.Protocol;

namespace WebFetch.Queue;

/// <summary>
/// What an agent does with one delivery of a job, and what its record says: pure logic. The
/// queue counts deliveries (one per machine that took the job, or per time it was given back);
/// a run's <see cref="RunSpec.MaxAttempts"/> bounds them. A job lost with a worker here before
/// its last delivery is given back to the queue, with a delay, for any machine to try; on its
/// last delivery, or once it arrives past the bound (the machines that held it died or were
/// killed), it is a <c>worker_lost</c> record. Every attempt on any machine counts in the
/// record's <c>attempts</c>.
/// </summary>
internal static class DeliveryRules
{
    /// <summary>Whether a job arriving for the <paramref name="delivered"/>th time was lost too often already: it gets its <c>worker_lost</c> record without being fetched.</summary>
    public static bool LostTooOften(ulong delivered, int maxAttempts) => delivered > (ulong)maxAttempts;

    /// <summary>The record of a job that arrives past its run's attempts: every delivery before this one was lost with the machine that held it.</summary>
    public static FetchResult LostRecord(string url, ulong delivered, string host) =>
        FetchResult.Failed(url, ErrorKind.WorkerLost, $"lost {delivered - 1} times: the machines holding it died or were stopped")
            with { Attempts = (int)(delivered - 1), Host = host };

    /// <summary>What to do with the result of fetching the job on its <paramref name="delivered"/>th delivery.</summary>
    public static DeliveryVerdict Judge(FetchResult result, ulong delivered, int maxAttempts) => result.Error?.Kind switch
    {
        ErrorKind.Interrupted => DeliveryVerdict.GiveBack, // this agent stopped: another one takes it now
        ErrorKind.WorkerLost when delivered < (ulong)maxAttempts => DeliveryVerdict.Retry,
        _ => DeliveryVerdict.Publish,
    };

    /// <summary>
    /// The record to publish from the local result: this agent's host, and the attempts of the
    /// deliveries before this one added to those made here.
    /// </summary>
    public static FetchResult Record(FetchResult result, ulong delivered, string host)
    {
        FetchResult record = result with { Host = host, Attempts = result.Attempts + (int)(delivered - 1) };
        return result.Error is { Kind: ErrorKind.WorkerLost } lost && delivered > 1
            ? record with { Error = lost with { Message = $"lost on all {delivered} deliveries; on the last, {lost.Message}" } }
            : record;
    }

    /// <summary>How long the queue waits before it delivers again a job lost here on its <paramref name="delivered"/>th delivery: doubling, capped.</summary>
    public static TimeSpan RedeliveryDelay(ulong delivered)
    {
        int doublings = (int)Math.Min(delivered - 1, 16);
        TimeSpan delay = Timings.AgentRedeliveryBase * (1L << doublings);
        return delay < Timings.AgentRedeliveryCap ? delay : Timings.AgentRedeliveryCap;
    }
}
