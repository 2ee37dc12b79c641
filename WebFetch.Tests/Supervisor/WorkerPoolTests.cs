using System.ComponentModel;
using Microsoft.Extensions.Time.Testing;
using Mono.Unix.Native;
using WebFetch.Supervisor;
using Xunit;

namespace WebFetch.Tests.Supervisor;

/// <summary>
/// The supervisor's decisions, one pass of its loop at a time, on fake worker processes and a
/// fake clock: kill the lazy, keep the count, back off from a failed start, notice its own pause.
/// </summary>
public sealed class WorkerPoolTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1); // under the pause threshold: the loop ran all along

    private readonly FakeTimeProvider _clock = new();
    private readonly List<(FakeWorkerProcess Process, WorkerHandle Handle)> _started = [];
    private readonly Queue<Exception?> _startOutcomes = new();
    private WorkerPool? _pool;

    public void Dispose()
    {
        _pool?.Dispose();
        foreach ((FakeWorkerProcess process, _) in Started)
        {
            process.Dispose();
        }
    }

    private IReadOnlyList<(FakeWorkerProcess Process, WorkerHandle Handle)> Started
    {
        get
        {
            lock (_started)
            {
                return [.. _started];
            }
        }
    }

    internal WorkerPool Pool(int workers, double workerTimeout = 30, double busyLimit = 60)
    {
        _pool = new WorkerPool(
            new PoolOptions { Workers = workers, WorkerTimeout = TimeSpan.FromSeconds(workerTimeout), BusyLimit = TimeSpan.FromSeconds(busyLimit) },
            new RequestBook(), Spawn, _clock);
        return _pool;
    }

    private WorkerHandle Spawn(Action changed)
    {
        if (_startOutcomes.TryDequeue(out Exception? failure) && failure is not null)
        {
            throw failure;
        }
        var process = new FakeWorkerProcess();
        var handle = new WorkerHandle(process, changed, _clock);
        lock (_started)
        {
            _started.Add((process, handle));
        }
        return handle;
    }

    private static Win32Exception NoMoreProcesses() => new((int)Errno.EAGAIN);

    private async Task ReadyAsync()
    {
        foreach ((FakeWorkerProcess process, WorkerHandle handle) in Started.Where(w => !w.Handle.Ready.IsCompleted))
        {
            process.Say("READY");
            await handle.Ready.WaitAsync(Bound);
        }
    }

    private static async Task EndedAsync(WorkerHandle handle)
    {
        using var bound = new CancellationTokenSource(Bound);
        await handle.WaitForEndAsync(bound.Token);
    }

    /// <summary>Passes of the loop <see cref="Step"/> apart, until <paramref name="condition"/> holds; how many it took, or -1.</summary>
    private int PassesUntil(WorkerPool pool, Func<bool> condition, int most, Action? eachStep = null)
    {
        for (int pass = 1; pass <= most; pass++)
        {
            _clock.Advance(Step);
            eachStep?.Invoke();
            pool.SuperviseOnce();
            if (condition())
            {
                return pass;
            }
        }
        return -1;
    }

    [Fact]
    public void TheFirstPassStartsTheWholeWorkerCount()
    {
        WorkerPool pool = Pool(workers: 3);

        pool.SuperviseOnce();

        Assert.Equal(3, Started.Count);
        Assert.Equal(3, pool.Alive);
    }

    [Fact]
    public async Task AWorkerSilentPastTheWorkerTimeoutIsKilledAndThenReplaced()
    {
        WorkerPool pool = Pool(workers: 1, workerTimeout: 5);
        pool.SuperviseOnce();
        await ReadyAsync();
        FakeWorkerProcess silent = Started[0].Process;

        // silent for 5 s is not past the timeout; 6 s is
        Assert.Equal(6, PassesUntil(pool, () => silent.Killed, most: 10));

        await EndedAsync(Started[0].Handle);
        pool.SuperviseOnce();
        Assert.Equal(2, Started.Count);
    }

    [Fact]
    public async Task AWorkerThatHeartbeatsIsNotKilledHoweverLongItRuns()
    {
        WorkerPool pool = Pool(workers: 1, workerTimeout: 5);
        pool.SuperviseOnce();
        await ReadyAsync();
        (FakeWorkerProcess process, WorkerHandle handle) = Started[0];
        long heard = 0;

        int passes = PassesUntil(pool, () => process.Killed, most: 20, eachStep: () =>
        {
            process.Say("HEARTBEAT");
            SpinWait.SpinUntil(() => handle.SinceHeard == TimeSpan.Zero, Bound);
            heard++;
        });

        Assert.Equal(-1, passes);
        Assert.Equal(20, heard);
    }

    [Fact]
    public async Task AWorkerHoldingOneUrlPastTheBusyLimitIsKilledThoughItHeartbeats()
    {
        WorkerPool pool = Pool(workers: 1, workerTimeout: 5, busyLimit: 8);
        pool.SuperviseOnce();
        await ReadyAsync();
        (FakeWorkerProcess process, WorkerHandle handle) = Started[0];
        process.Say("BUSY 42");
        SpinWait.SpinUntil(() => handle.Holds(42), Bound);

        int passes = PassesUntil(pool, () => process.Killed, most: 20, eachStep: () =>
        {
            process.Say("HEARTBEAT");
            SpinWait.SpinUntil(() => handle.SinceHeard == TimeSpan.Zero, Bound);
        });

        Assert.Equal(9, passes);
    }

    [Fact]
    public async Task AClockJumpPastTheWorkerTimeoutIsThePoolsOwnPauseAndSilenceCountsFromItsEnd()
    {
        WorkerPool pool = Pool(workers: 2, workerTimeout: 5);
        pool.SuperviseOnce();
        await ReadyAsync();

        _clock.Advance(TimeSpan.FromSeconds(30)); // the parent was stopped (Ctrl-Z) while its workers went on
        pool.SuperviseOnce();

        Assert.DoesNotContain(Started, w => w.Process.Killed);
        // from the resume on, silence counts again: 6 s of it is past the timeout
        Assert.Equal(6, PassesUntil(pool, () => Started.Take(2).All(w => w.Process.Killed), most: 10));
    }

    [Fact]
    public async Task AWorkerThatDiesIsReplacedToKeepTheCount()
    {
        WorkerPool pool = Pool(workers: 2);
        pool.SuperviseOnce();
        await ReadyAsync();

        Started[0].Process.Exit(128 + 9); // killed from outside
        await EndedAsync(Started[0].Handle);
        pool.SuperviseOnce();

        Assert.Equal(3, Started.Count);
        Assert.Equal(2, pool.Alive);
    }

    [Fact]
    public void AProcessStartThatFailsIsTriedAgainAfterItsBackOffWhileTheOthersServe()
    {
        WorkerPool pool = Pool(workers: 2);
        _startOutcomes.Enqueue(null);
        _startOutcomes.Enqueue(NoMoreProcesses());

        pool.SuperviseOnce();
        Assert.Single(Started);
        Assert.Equal(1, pool.Serving); // the URLs are planned for the workers there are

        pool.SuperviseOnce(); // the back-off is not over: no try
        _clock.Advance(Timings.SpawnBackOffFirst - TimeSpan.FromTicks(1));
        pool.SuperviseOnce();
        Assert.Single(Started);

        _clock.Advance(TimeSpan.FromTicks(1));
        pool.SuperviseOnce();
        Assert.Equal(2, Started.Count);
        Assert.Equal(2, pool.Serving);
    }

    [Fact]
    public async Task AProcessStartThatFailsDuringARollingRestartDoesNotEndTheLoop()
    {
        WorkerPool pool = Pool(workers: 1);
        pool.SuperviseOnce();
        await ReadyAsync();
        pool.Enqueue(new PoolCommand.RollingRestart());
        _startOutcomes.Enqueue(NoMoreProcesses());

        pool.SuperviseOnce(); // the replacement cannot start

        Assert.Single(Started);
        Assert.DoesNotContain("HALT", Started[0].Process.Sent, StringComparison.Ordinal); // capacity kept
        _clock.Advance(Timings.SpawnBackOffFirst);
        pool.SuperviseOnce();
        Assert.Equal(2, Started.Count);
    }

    [Fact]
    public void WhenNoWorkerCanBeStartedAtAllThePoolGivesUpAfterItsTriesWithTheReason()
    {
        WorkerPool pool = Pool(workers: 2);
        for (int i = 0; i < 10; i++)
        {
            _startOutcomes.Enqueue(NoMoreProcesses());
        }

        WorkerStartException? gaveUp = null;
        for (int pass = 0; pass < 10 && gaveUp is null; pass++)
        {
            _clock.Advance(Timings.SpawnBackOffLongest);
            gaveUp = Record.Exception(pool.SuperviseOnce) as WorkerStartException;
        }

        Assert.NotNull(gaveUp);
        Assert.Contains("no more processes allowed", gaveUp.Message, StringComparison.Ordinal);
        Assert.Contains("(5 tries)", gaveUp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLoopItselfGoesOnAfterAFailedProcessStartAndStartsTheWorkerOnceTheBackOffIsOver()
    {
        WorkerPool pool = Pool(workers: 1);
        _startOutcomes.Enqueue(NoMoreProcesses());
        using var stop = new CancellationTokenSource();

        Task loop = Task.Run(() => pool.SuperviseAsync(stop.Token));
        bool started = await WebFetch.Tests.Support.CliRunner.EventuallyAsync(() =>
        {
            _clock.Advance(Timings.SupervisorPass);
            return Started.Count == 1;
        }, Bound);
        await stop.CancelAsync();
        await loop.WaitAsync(Bound);

        Assert.True(started);
        Assert.True(loop.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task TtinAddsAWorkerAndTtouHaltsTheNewestButNeverTheLast()
    {
        WorkerPool pool = Pool(workers: 1);
        pool.SuperviseOnce();
        await ReadyAsync();
        _clock.Advance(Step);

        pool.Enqueue(new PoolCommand.AddWorker());
        pool.SuperviseOnce();
        Assert.Equal((2, 2), (pool.Target, Started.Count));
        await ReadyAsync();

        pool.Enqueue(new PoolCommand.RemoveWorker());
        pool.Enqueue(new PoolCommand.RemoveWorker());
        pool.SuperviseOnce();
        pool.SuperviseOnce();

        Assert.Equal(1, pool.Target);
        Assert.Contains("HALT", Started[1].Process.Sent, StringComparison.Ordinal); // the newest leaves
        Assert.Equal("", Started[0].Process.Sent);
    }
}
