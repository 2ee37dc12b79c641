using System.Runtime.InteropServices;
using Microsoft.Extensions.Time.Testing;
using WebFetch.Supervisor;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Supervisor;

/// <summary>A stop or an abort queued by a signal handler reaches the run through the supervisor loop, whatever phase it is in.</summary>
public sealed class QueuedStopTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();
    private readonly List<FakeWorkerProcess> _processes = [];
    private readonly List<string> _acted = [];
    private readonly WorkerPool _pool;

    public QueuedStopTests()
    {
        _pool = new WorkerPool(new PoolOptions { Workers = 2, BusyLimit = TimeSpan.FromMinutes(1) }, new RequestBook(), changed =>
        {
            var process = new FakeWorkerProcess(); // never ready
            lock (_processes)
            {
                _processes.Add(process);
            }
            return new WorkerHandle(process, changed, _clock);
        }, _clock);
        _pool.ActOnStops(signal => Act($"stop {signal}"), signal => Act($"abort {signal}"));
    }

    public void Dispose()
    {
        _pool.Dispose();
        lock (_processes)
        {
            _processes.ForEach(p => p.Dispose());
        }
    }

    private string[] Acted
    {
        get
        {
            lock (_acted)
            {
                return [.. _acted];
            }
        }
    }

    private void Act(string what)
    {
        lock (_acted)
        {
            _acted.Add(what);
        }
    }

    [Fact]
    public void AQueuedStopReachesTheRunWhenTheLoopTakesItUpNotBefore()
    {
        _pool.Enqueue(new PoolCommand.Stop(PosixSignal.SIGTERM));
        Assert.Empty(Acted);

        _pool.SuperviseOnce();

        Assert.Equal(["stop SIGTERM"], Acted);
    }

    [Fact]
    public void AStopAndAnAbortQueuedTogetherReachTheRunInTheirOrderOnePassEach()
    {
        _pool.Enqueue(new PoolCommand.Stop(PosixSignal.SIGINT));
        _pool.Enqueue(new PoolCommand.Abort(PosixSignal.SIGINT));

        _pool.SuperviseOnce();
        Assert.Equal(["stop SIGINT"], Acted);
        _pool.SuperviseOnce();
        Assert.Equal(["stop SIGINT", "abort SIGINT"], Acted);
    }

    [Fact]
    public async Task AStopDuringStartUpReachesTheRunWhileNoWorkerIsReadyAndAnAbortEndsTheStart()
    {
        using var abort = new CancellationTokenSource();
        _pool.ActOnStops(signal => Act($"stop {signal}"), signal => abort.Cancel());
        Task start = Task.Run(() => _pool.StartAsync(abort.Token));
        Assert.True(await CliRunner.EventuallyAsync(() => _processes.Count == 2, Bound), "the workers were not started");

        _pool.Enqueue(new PoolCommand.Stop(PosixSignal.SIGINT));
        Assert.True(await CliRunner.EventuallyAsync(() => Acted.Length == 1, Bound), "the stop did not reach the run");
        Assert.False(start.IsCompleted);
        _pool.Enqueue(new PoolCommand.Abort(PosixSignal.SIGINT));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start.WaitAsync(Bound));
        Assert.Equal(["stop SIGINT"], Acted);
    }

    [Fact]
    public async Task AStopQueuedAfterTheLoopHasEndedIsActedOnAtOnceAndAResizeIsDropped()
    {
        await _pool.SuperviseAsync(new CancellationToken(canceled: true));

        _pool.Enqueue(new PoolCommand.AddWorker());
        _pool.Enqueue(new PoolCommand.Abort(PosixSignal.SIGINT));

        Assert.Equal(["abort SIGINT"], Acted);
        Assert.Equal(2, _pool.Target);
    }

    [Fact]
    public async Task AStopQueuedWhileTheLoopEndsIsNotLost()
    {
        _pool.Enqueue(new PoolCommand.Stop(PosixSignal.SIGTERM));

        await _pool.SuperviseAsync(new CancellationToken(canceled: true)); // ends before any pass

        Assert.Equal(["stop SIGTERM"], Acted);
    }

    [Fact]
    public async Task AStopAfterAFailedStartIsActedOnAtOnce()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _pool.StartAsync(cancelled.Token));

        _pool.Enqueue(new PoolCommand.Stop(PosixSignal.SIGINT));

        Assert.Equal(["stop SIGINT"], Acted);
    }

    [Fact]
    public async Task AStopQueuedBeforeTheStopOfAPoolWhoseLoopNeverRanIsActedOn()
    {
        _pool.Enqueue(new PoolCommand.Stop(PosixSignal.SIGTERM));

        await _pool.StopAsync(TimeSpan.Zero);
        _pool.Enqueue(new PoolCommand.Abort(PosixSignal.SIGINT));

        Assert.Equal(["stop SIGTERM", "abort SIGINT"], Acted);
    }
}
