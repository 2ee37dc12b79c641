using WebFetch.Supervisor;
using Xunit;

namespace WebFetch.Tests.Supervisor;

/// <summary>What a worker's environment says about garbage collection.</summary>
public sealed class WorkerLauncherTests
{
    [Fact]
    public void WorkersCollectWithoutABackgroundGc()
    {
        var environment = new Dictionary<string, string?> { ["PATH"] = "/usr/bin" };

        WorkerLauncher.UseBatchGarbageCollection(environment);

        Assert.Equal("0", environment["DOTNET_gcConcurrent"]);
        Assert.Equal("/usr/bin", environment["PATH"]);
    }

    [Theory]
    [InlineData("DOTNET_gcConcurrent")]
    [InlineData("COMPlus_gcConcurrent")]
    public void AChoiceInTheUsersEnvironmentIsKept(string name)
    {
        var environment = new Dictionary<string, string?> { [name] = "1" };

        WorkerLauncher.UseBatchGarbageCollection(environment);

        Assert.Equal([name], environment.Keys);
        Assert.Equal("1", environment[name]);
    }
}
