using System.Runtime.InteropServices;
using Microsoft.Extensions.Time.Testing;
using WebFetch.Cli;
using WebFetch.Supervisor;
using WebFetch.Tests.Supervisor;
using Xunit;

namespace WebFetch.Tests.Cli;

/// <summary>The rules of the stop signals, on a fake clock: what a SIGINT or SIGTERM queues, and what the loop then does.</summary>
public sealed class RunSignalsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new();
    private readonly FakeWorkerProcess _process = new();
    private readonly List<string> _acted = [];
    private readonly WorkerPool _pool;
    private readonly RunSignals _signals;

    public RunSignalsTests()
    {
        _pool = new WorkerPool(new PoolOptions { Workers = 1, BusyLimit = TimeSpan.FromMinutes(1) }, new RequestBook(),
            changed => new WorkerHandle(_process, changed, _clock), _clock);
        _signals = new RunSignals(_pool, stop: s => _acted.Add($"stop {s}"), abort: why => _acted.Add($"abort: {why}"), _clock);
    }

    public void Dispose()
    {
        _signals.Dispose();
        _pool.Dispose();
        _process.Dispose();
    }

    private void Receive(PosixSignal signal) => _signals.OnStop(new PosixSignalContext(signal));

    private void LoopPasses()
    {
        for (int i = 0; i < 3; i++)
        {
            _pool.SuperviseOnce();
        }
    }

    [Fact]
    public void TheHandlerOnlyQueuesAndTheLoopStopsTheRun()
    {
        Receive(PosixSignal.SIGINT);
        Assert.Empty(_acted);
        Assert.Equal(PosixSignal.SIGINT, _signals.StopSignal);

        LoopPasses();

        Assert.Equal(["stop SIGINT"], _acted);
    }

    [Fact]
    public void ASecondSigintLaterAbortsTheRun()
    {
        Receive(PosixSignal.SIGINT);
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        Receive(PosixSignal.SIGINT);
        LoopPasses();

        Assert.Equal(["stop SIGINT", "abort: SIGINT again: the workers were killed"], _acted);
    }

    [Fact]
    public void ASigintRepeatedWithinTheSameStopWindowIsTheSameStop()
    {
        Receive(PosixSignal.SIGINT);
        _clock.Advance(Timings.SameStopWindow - TimeSpan.FromTicks(1));
        Receive(PosixSignal.SIGINT);
        LoopPasses();

        Assert.Equal(["stop SIGINT"], _acted);
    }

    [Fact]
    public void ARepeatedSigtermDoesNotAbort()
    {
        Receive(PosixSignal.SIGTERM);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Receive(PosixSignal.SIGTERM);
        LoopPasses();

        Assert.Equal(["stop SIGTERM"], _acted);
        Assert.Equal(PosixSignal.SIGTERM, _signals.StopSignal);
    }

    [Fact]
    public void ASigintAfterASigtermAbortsAndTheStopSignalStaysTheFirst()
    {
        Receive(PosixSignal.SIGTERM);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Receive(PosixSignal.SIGINT);
        LoopPasses();

        Assert.Equal(["stop SIGTERM", "abort: SIGINT again: the workers were killed"], _acted);
        Assert.Equal(PosixSignal.SIGTERM, _signals.StopSignal);
    }

    [Fact]
    public void NoStopSignalMeansNone()
    {
        Assert.Null(_signals.StopSignal);
    }
}
