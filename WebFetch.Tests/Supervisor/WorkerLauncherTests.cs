using WebFetch.Supervisor;
using Xunit;

namespace WebFetch.Tests.Supervisor;

/// <summary>What a worker's environment says about garbage collection.</summary>
public sealed class WorkerLauncherTests
{
    [Fact]
    public void WorkersCollectWithTheBackgroundGc()
    {
        var environment = new Dictionary<string, string?> { ["PATH"] = "/usr/bin" };

        WorkerLauncher.UseWorkerGarbageCollection(environment);

        Assert.Equal("1", environment["DOTNET_gcConcurrent"]);
        Assert.Equal("/usr/bin", environment["PATH"]);
    }

    [Theory]
    [InlineData("DOTNET_gcConcurrent")]
    [InlineData("COMPlus_gcConcurrent")]
    public void AChoiceInTheUsersEnvironmentIsKept(string name)
    {
        var environment = new Dictionary<string, string?> { [name] = "0" };

        WorkerLauncher.UseWorkerGarbageCollection(environment);

        Assert.Equal([name], environment.Keys);
        Assert.Equal("0", environment[name]);
    }
}
