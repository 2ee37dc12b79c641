using System.Text;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// The garbage-collection settings a worker runs with, read from the running workers
/// themselves: the worker's memory on real pages (bench/worker-rss.sh) is measured with
/// them, and <see cref="WebFetch.Fetching.LargePageGate"/> is tuned for them.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class WorkerMemoryTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task RunningWorkersCollectWithTheBackgroundGcAndTheParentIsLeftAsItIs()
    {
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "2", "-q"], closeStdin: false);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)), "the pool never reached 2 workers");

        foreach (int worker in run.Workers)
        {
            Assert.Equal("1", Variable(worker, "DOTNET_gcConcurrent"));
        }
        Assert.Null(Variable(run.Pid, "DOTNET_gcConcurrent"));
        run.Stdin.Close();
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, done.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task AGcChoiceInTheUsersEnvironmentReachesTheWorkers()
    {
        _cli.Environment["DOTNET_gcConcurrent"] = "0";
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "1", "-q"], closeStdin: false);
        Assert.True(await run.WorkersAreAsync(1, TimeSpan.FromSeconds(20)), "the pool never reached 1 worker");

        Assert.Equal("0", Variable(run.Workers[0], "DOTNET_gcConcurrent"));
        run.Stdin.Close();
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, done.ExitCode);
    }

    /// <summary>A variable of a running process's environment (its start-up environment, as /proc keeps it), or null.</summary>
    private static string? Variable(int pid, string name)
    {
        string prefix = name + "=";
        foreach (string entry in Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/environ")).Split('\0'))
        {
            if (entry.StartsWith(prefix, StringComparison.Ordinal))
            {
                return entry[prefix.Length..];
            }
        }
        return null;
    }
}
