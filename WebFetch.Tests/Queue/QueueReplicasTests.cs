using System.Diagnostics;
using NATS.Client.JetStream;
using WebFetch.Queue;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Queue;

/// <summary><c>--queue-replicas</c> on a single server: streams that exist are left as they are (said once), and replicas a lone server cannot keep are one line and exit 2.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class QueueReplicasTests(LocalSite site, ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task StreamsThatExistWithOtherReplicasAreLeftAsTheyAreAndSaidOnce()
    {
        await using QueueRig rig = QueueRig.OneServer(output);
        await rig.CreateQueueAsync(replicas: 1);
        rig.AgentArguments.AddRange(["--queue-replicas", "3"]);
        QueueAgent agent = await rig.StartAgentAsync(workers: 1, concurrency: 2);

        await using RunningCli queued = rig.StartRun(rig.Collector.WriteInput(site.Url("page/1")), ["-q"]);
        CliRun run = await queued.WaitAsync(TimeSpan.FromSeconds(60));
        CliRun served = await agent.StopAsync(TimeSpan.FromSeconds(30));

        output.WriteLine(served.Stderr);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Single(run.StdoutLines);
        string[] told = served.Stderr.Split('\n').Where(l => l.Contains("other replica counts than 3", StringComparison.Ordinal)).ToArray();
        Assert.Contains("WRN", Assert.Single(told), StringComparison.Ordinal);
        INatsJSContext js = await rig.JetStreamAsync();
        Assert.Equal(1, (await js.GetStreamAsync(QueueNames.JobsStream)).Info.Config.NumReplicas);
    }

    [Fact(Timeout = 60_000)]
    public async Task ReplicasALoneServerCannotKeepAreOneLineAndExit2()
    {
        using var server = new NatsServer();
        using var cli = new CliRunner();
        var watch = Stopwatch.StartNew();

        CliRun run = await cli.RunAsync(["run", cli.WriteInput(site.Url("page/1")), "--queue", server.Url, "--queue-replicas", "3"], timeout: TimeSpan.FromSeconds(45));

        output.WriteLine(run.Stderr);
        Assert.Equal(2, run.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"gave up after {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Contains($"cannot set up the run in the queue at {server.Url}", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact(Timeout = 30_000)]
    public async Task ReplicasWithoutAQueueOrOutOfRangeAreUsageErrors()
    {
        using var cli = new CliRunner();
        string input = cli.WriteInput(site.Url("page/1"));

        CliRun local = await cli.RunAsync(["run", input, "--queue-replicas", "3"]);
        CliRun tooMany = await cli.RunAsync(["serve", "--queue", "nats://127.0.0.1:4222", "--queue-replicas", "6"]);

        Assert.Equal(2, local.ExitCode);
        Assert.Contains("--queue-replicas", local.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("--queue-replicas must be a whole number from 1 to 5", tooMany.Stderr, StringComparison.Ordinal);
    }
}
