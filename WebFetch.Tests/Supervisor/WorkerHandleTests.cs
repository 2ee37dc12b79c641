using Microsoft.Extensions.Time.Testing;
using WebFetch.Supervisor;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Supervisor;

/// <summary>The parent's view of one worker, from its control lines, on a fake process and a fake clock.</summary>
public sealed class WorkerHandleTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();
    private readonly FakeWorkerProcess _process = new();
    private readonly WorkerHandle _worker;
    private int _changes;

    public WorkerHandleTests()
    {
        _worker = new WorkerHandle(_process, () => Interlocked.Increment(ref _changes), _clock);
    }

    public void Dispose() => _worker.Dispose();

    [Fact]
    public async Task AReadyLineMakesTheWorkerReadyAndTellsThePool()
    {
        Assert.False(_worker.Ready.IsCompleted);

        _process.Say("READY");

        await _worker.Ready.WaitAsync(Bound);
        Assert.True(await CliRunner.EventuallyAsync(() => Volatile.Read(ref _changes) == 1, Bound));
    }

    [Fact]
    public async Task SilenceIsCountedOnTheClockFromTheLastLineHeard()
    {
        _clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(7), _worker.SinceHeard);

        _process.Say("HEARTBEAT");

        Assert.True(await CliRunner.EventuallyAsync(() => _worker.SinceHeard == TimeSpan.Zero, Bound));
        Assert.Equal(TimeSpan.FromSeconds(7), _worker.Age);
    }

    [Fact]
    public async Task TheOldestRequestHeldAgesOnTheClockUntilItsDoneLine()
    {
        _process.Say("BUSY 5");
        Assert.True(await CliRunner.EventuallyAsync(() => _worker.Holds(5), Bound));
        _clock.Advance(TimeSpan.FromSeconds(3));
        _process.Say("BUSY 6");
        Assert.True(await CliRunner.EventuallyAsync(() => _worker.Holds(6), Bound));

        Assert.Equal((5L, TimeSpan.FromSeconds(3)), _worker.OldestRequest);

        _process.Say("DONE 5");
        Assert.True(await CliRunner.EventuallyAsync(() => !_worker.Holds(5), Bound));
        Assert.Equal((6L, TimeSpan.Zero), _worker.OldestRequest);
        Assert.True(_worker.Finished(5));
        Assert.Equal(1, _worker.Served);
    }

    [Fact]
    public async Task AWorkersErrorLineIsKeptOnItsHandleForTheReaper()
    {
        _process.Say("ERROR IOException: disk full");
        _process.Exit(70);

        await _worker.WaitForEndAsync(new CancellationTokenSource(Bound).Token);
        Assert.True(_worker.HasEnded);
        Assert.Equal("IOException: disk full", _worker.Error);
        Assert.Equal("exit code 70", _worker.ExitDescription);
    }

    [Fact]
    public async Task AWorkerThatExitsBeforeItsReadyLineFailsItsStart()
    {
        _process.Exit(1);

        await Assert.ThrowsAsync<WorkerStartException>(() => _worker.Ready.WaitAsync(Bound));
    }

    [Fact]
    public void AnExitedWorkerWhosePipeStaysOpenHasEndedOnceTheDrainLimitHasPassed()
    {
        _process.Exit(0, closePipe: false);

        Assert.False(_worker.HasEnded); // the exit is seen now: its last lines may still come
        _clock.Advance(Timings.ControlDrainLimit);
        Assert.False(_worker.HasEnded);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(_worker.HasEnded);
    }

    [Fact]
    public void HaltSendsHaltOnTheControlPipeAndAHaltedWorkerThatLeavesWithCodeZeroEndedAsAsked()
    {
        _worker.Halt();
        _process.Exit(0);

        Assert.Equal("HALT", _process.Sent.Trim());
        Assert.True(_worker.Retiring);
        Assert.True(_worker.EndedAsAsked);
    }

    [Fact]
    public void KillingAWorkerThatIsGoneAlreadyIsNoError()
    {
        _process.Exit(3);

        _worker.Kill();

        Assert.True(_worker.KilledByParent);
        Assert.False(_process.Killed);
    }
}
