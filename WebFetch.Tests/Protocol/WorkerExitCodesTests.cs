using WebFetch.Cli;
using WebFetch.Protocol;
using WebFetch.Worker;
using Xunit;

namespace WebFetch.Tests.Protocol;

public sealed class WorkerExitCodesTests
{
    [Fact]
    public void AWorkersCodeMeansWhatTheSameCodeOfTheRunMeans()
    {
        Assert.Equal(ExitCodes.Success, WorkerExitCodes.Stopped);
        Assert.Equal(ExitCodes.Usage, WorkerExitCodes.SettingsRefused);
        Assert.Equal(ExitCodes.InternalError, WorkerExitCodes.Failed);
    }

    [Fact]
    public void NoCodeOfAWorkerReadsAsADeathBySignalOrAsAnInjectedFailure()
    {
        int[] codes = [WorkerExitCodes.Stopped, WorkerExitCodes.SettingsRefused, WorkerExitCodes.Failed];

        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.All(codes, code => Assert.InRange(code, 0, 128));
        Assert.DoesNotContain(TestHooks.FailedStartExitCode, codes);
    }
}
