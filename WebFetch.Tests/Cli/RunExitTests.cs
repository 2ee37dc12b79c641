using Mono.Unix.Native;
using WebFetch.Cli;
using WebFetch.Output;
using Xunit;

namespace WebFetch.Tests.Cli;

public sealed class RunExitTests
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

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
    [InlineData(0, 0L, ExitCodes.Success)]
    [InlineData(0, 3L, ExitCodes.SomeFailed)]
    [InlineData(SigInt, 0L, ExitCodes.Interrupted)]
    [InlineData(SigInt, 3L, ExitCodes.Interrupted)]
    [InlineData(SigTerm, 0L, ExitCodes.Terminated)]
    [InlineData(SigTerm, 3L, ExitCodes.Terminated)]
    public void WithTheOutputAndSocketFineTheStopSignalThenTheFailuresDecide(int stopSignal, long failed, int expected)
    {
        Assert.Equal(expected, RunExit.Code(OutputFault.None, socketLost: false, stopSignal, failed));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public void ALostSocketIsAUsageErrorWhateverSignalCame(int stopSignal)
    {
        Assert.Equal(ExitCodes.Usage, RunExit.Code(OutputFault.None, socketLost: true, stopSignal, failed: 5));
    }

    [Theory]
    [InlineData(true, ExitCodes.OutputClosed)]
    [InlineData(false, ExitCodes.Usage)]
    public void AnOutputFaultDecidesBeforeTheSocketTheSignalAndTheFailures(bool stdoutClosedByReader, int expected)
    {
        OutputFault fault = stdoutClosedByReader ? OutputFault.StdoutClosedByReader : OutputFault.WriteFailed;
        Assert.Equal(expected, RunExit.Code(fault, socketLost: true, SigTerm, failed: 5));
        Assert.Equal(expected, RunExit.Code(fault, socketLost: false, 0, failed: 0));
    }
}
