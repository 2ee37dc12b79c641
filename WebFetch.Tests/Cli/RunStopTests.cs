using Microsoft.Extensions.Time.Testing;
using WebFetch.Cli;
using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Cli;

public sealed class RunStopTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private int _drained;
    private int _killed;

    private RunStop NewStop(CancellationToken cancellation = default) =>
        new(Grace, () => _drained++, () => _killed++, _time, cancellation);

    [Fact]
    public void NothingIsStoppedBeforeAnyoneAsks()
    {
        using RunStop stop = NewStop();

        Assert.False(stop.InputStopped.IsCancellationRequested);
        Assert.False(stop.IsAborted);
        Assert.False(stop.IsSocketLost);
        Assert.Null(stop.OutputFailure);
        Assert.Equal(0, _drained + _killed);
    }

    [Fact]
    public void AStopEndsTheInputAndDrainsTheWorkersButAbortsOnlyOnceTheGracePeriodIsOver()
    {
        using RunStop stop = NewStop();

        stop.Stop("SIGTERM");

        Assert.True(stop.InputStopped.IsCancellationRequested);
        Assert.Equal(1, _drained);
        _time.Advance(Grace - TimeSpan.FromMilliseconds(1));
        Assert.False(stop.IsAborted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(stop.IsAborted);
        Assert.Equal(0, _killed);
        Assert.StartsWith("SIGTERM: still in flight when the 30 s grace period ran out", stop.Cause.InFlight(1, 42, TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void AnAbortKillsTheWorkersAndCutsEverythingShortAtOnce()
    {
        using RunStop stop = NewStop();

        stop.Abort("SIGINT again: the workers were killed");

        Assert.True(stop.InputStopped.IsCancellationRequested);
        Assert.True(stop.IsAborted);
        Assert.True(stop.Aborted.IsCancellationRequested);
        Assert.Equal(1, _killed);
        Assert.StartsWith("SIGINT again: the workers were killed while this URL was in flight", stop.Cause.InFlight(1, 42, TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void AFailedOutputAbortsTheRunAndOnlyItsFirstFailureIsKept()
    {
        using RunStop stop = NewStop();
        var first = new OutputFailedException(new IOException("first"));

        stop.OutputFailed(first);
        stop.OutputFailed(new OutputFailedException(new IOException("second")));

        Assert.Same(first, stop.OutputFailure);
        Assert.True(stop.IsAborted);
        Assert.Equal(1, _killed);
        Assert.Equal("the output failed: the run stopped before this URL was started", stop.Cause.NotStarted);
    }

    [Fact]
    public void ALostSocketStopsTheRunAsASignalDoesAndIsRemembered()
    {
        using RunStop stop = NewStop();

        stop.SocketLost("the socket was removed");

        Assert.True(stop.IsSocketLost);
        Assert.True(stop.InputStopped.IsCancellationRequested);
        Assert.Equal(1, _drained);
        Assert.False(stop.IsAborted);
        _time.Advance(Grace);
        Assert.True(stop.IsAborted);
        Assert.Equal(0, _killed);
        Assert.Equal("the socket was removed: the run stopped before this URL was started", stop.Cause.NotStarted);
    }

    [Fact]
    public void TheCallersCancellationEndsTheInputOnly()
    {
        using var caller = new CancellationTokenSource();
        using RunStop stop = NewStop(caller.Token);

        caller.Cancel();

        Assert.True(stop.InputStopped.IsCancellationRequested);
        Assert.False(stop.IsAborted);
        Assert.Equal(0, _drained + _killed);
    }

    [Fact]
    public async Task StoppingTheSupervisionIsItsOwnToken()
    {
        using RunStop stop = NewStop();

        await stop.StopSupervisingAsync();

        Assert.True(stop.SupervisingStopped.IsCancellationRequested);
        Assert.False(stop.InputStopped.IsCancellationRequested);
        Assert.False(stop.IsAborted);
    }
}
