using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using WebFetch.Queue;
using Xunit;

namespace WebFetch.Tests.Queue;

/// <summary>The agent's one loop that tells the queue which jobs are still in hand, on a fake clock.</summary>
public sealed class JobProgressTests
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact(Timeout = 30_000)]
    public async Task AJobInHandIsToldAfterEveryPeriodUntilItIsDone()
    {
        var clock = new FakeTimeProvider();
        var told = new ConcurrentQueue<string>();
        await using var progress = new JobProgress(Every, clock, Record(told));
        DateTimeOffset start = clock.GetUtcNow();

        using (progress.Track(Job("jobs.a")))
        {
            await AdvanceUntilAsync(clock, () => told.Count == 1);
            Assert.True(clock.GetUtcNow() - start >= Every, "told before its period");
            await AdvanceUntilAsync(clock, () => told.Count == 2);
            Assert.True(clock.GetUtcNow() - start <= 3 * Every, "told at least every 1.5 periods");
        }
        int afterDone = told.Count;
        using (progress.Track(Job("jobs.b"))) // once b is told, the loop has passed the ticks where a would have been told again
        {
            await AdvanceUntilAsync(clock, () => told.Contains("jobs.b"));
        }

        Assert.Equal(["jobs.a", "jobs.a"], told.Take(2));
        Assert.Equal(afterDone, told.Count(subject => subject == "jobs.a"));
    }

    [Fact(Timeout = 30_000)]
    public async Task AJobDoneWithinThePeriodIsNeverTold()
    {
        var clock = new FakeTimeProvider();
        var told = new ConcurrentQueue<string>();
        await using var progress = new JobProgress(Every, clock, Record(told));

        using (progress.Track(Job("jobs.quick")))
        {
            clock.Advance(Every / 2 - TimeSpan.FromSeconds(1));
        }
        using (progress.Track(Job("jobs.slow")))
        {
            await AdvanceUntilAsync(clock, () => !told.IsEmpty);
        }

        Assert.Equal(["jobs.slow"], told);
        Assert.Equal(0, progress.InHand);
    }

    private static Func<INatsJSMsg<byte[]>, CancellationToken, ValueTask> Record(ConcurrentQueue<string> told) => (job, _) =>
    {
        told.Enqueue(job.Subject);
        return ValueTask.CompletedTask;
    };

    private static NatsJSMsg<byte[]> Job(string subject) =>
        new(new NatsMsg<byte[]>(subject, null, 0, null, [], null), context: null!);

    /// <summary>Moves the clock a second at a time until <paramref name="condition"/> holds (the loop runs on the thread pool, so each step waits for it a moment).</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!condition())
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5, bound.Token);
        }
    }
}
