using System.Runtime.InteropServices;
using Mono.Unix.Native;
using WebFetch.Cli;
using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Cli;

public sealed class RunExitTests
{

    private static OutputFailedException BrokenPipe() => new(new IOException("Broken pipe", (int)Errno.EPIPE));

    private static OutputFailedException DiskFull() => new(new IOException("No space left on device", (int)Errno.ENOSPC));

    [Fact]
    public void AnOutputThatNeverFailedIsNoFault()
    {
        Assert.Equal(OutputFault.None, RunExit.FaultOf(null, toStdout: true));
    }

    [Fact]
    public void AReaderLeavingStdoutIsTheQuietOutputClosed()
    {
        Assert.Equal(OutputFault.StdoutClosedByReader, RunExit.FaultOf(BrokenPipe(), toStdout: true));
    }

    [Fact]
    public void AReaderLeavingANamedOutputFileIsAFailedWrite()
    {
        Assert.Equal(OutputFault.WriteFailed, RunExit.FaultOf(BrokenPipe(), toStdout: false));
    }

    [Fact]
    public void AFullDiskIsAFailedWriteEvenOnStdout()
    {
        Assert.Equal(OutputFault.WriteFailed, RunExit.FaultOf(DiskFull(), toStdout: true));
    }

    [Theory]
    [InlineData(null, 0L, ExitCodes.Success)]
    [InlineData(null, 3L, ExitCodes.SomeFailed)]
    [InlineData(PosixSignal.SIGINT, 0L, ExitCodes.Interrupted)]
    [InlineData(PosixSignal.SIGINT, 3L, ExitCodes.Interrupted)]
    [InlineData(PosixSignal.SIGTERM, 0L, ExitCodes.Terminated)]
    [InlineData(PosixSignal.SIGTERM, 3L, ExitCodes.Terminated)]
    public void WithTheOutputAndSocketFineTheStopSignalThenTheFailuresDecide(PosixSignal? stopSignal, long failed, int expected)
    {
        Assert.Equal(expected, RunExit.Code(OutputFault.None, socketLost: false, stopSignal, failed));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(PosixSignal.SIGINT)]
    [InlineData(PosixSignal.SIGTERM)]
    public void ALostSocketIsAUsageErrorWhateverSignalCame(PosixSignal? stopSignal)
    {
        Assert.Equal(ExitCodes.Usage, RunExit.Code(OutputFault.None, socketLost: true, stopSignal, failed: 5));
    }

    [Theory]
    [InlineData(true, ExitCodes.OutputClosed)]
    [InlineData(false, ExitCodes.Usage)]
    public void AnOutputFaultDecidesBeforeTheSocketTheSignalAndTheFailures(bool stdoutClosedByReader, int expected)
    {
        OutputFault fault = stdoutClosedByReader ? OutputFault.StdoutClosedByReader : OutputFault.WriteFailed;
        Assert.Equal(expected, RunExit.Code(fault, socketLost: true, PosixSignal.SIGTERM, failed: 5));
        Assert.Equal(expected, RunExit.Code(fault, socketLost: false, null, failed: 0));
    }
}
