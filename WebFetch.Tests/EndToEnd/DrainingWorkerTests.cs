using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.EndToEnd;

/// <summary>A worker the pool lets go (SIGTTOU, a rolling restart) is still alive while it finishes what it holds.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class DrainingWorkerTests(LocalSite site, ITestOutputHelper output) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 90_000)]
    public async Task AWorkerLetGoWhileAFetchOutlastsTheWorkerTimeoutFinishesItAndIsNotKilledAsSilent()
    {
        string key = $"drain-{Guid.NewGuid():N}";
        // --worker-timeout 5s: five heartbeats, so that no worker slowed by a busy machine is
        // silent for it; the fetches take more than twice as long
        string[] urls = Enumerable.Range(0, 2).Select(n => site.CountedUrl(key, delayMs: 12_000, n)).ToArray();
        await using var run = new RunningCli(_cli, ["run", "-", "-w", "2", "-c", "1", "--worker-timeout", "5s"], closeStdin: false);
        Assert.True(await run.WorkersAreAsync(2, TimeSpan.FromSeconds(20)));
        foreach (string url in urls)
        {
            await run.Stdin.WriteLineAsync(url);
        }
        await run.Stdin.FlushAsync();
        Assert.True(await CliRunner.EventuallyAsync(() => site.Counter(key).Hits == 2, TimeSpan.FromSeconds(20)), "the two fetches never began");

        run.Signal(Signum.SIGTTOU); // one of the two busy workers is let go; its fetch takes 12 s, the worker timeout is 5 s
        // the input stays open, so the supervisor goes on watching the pool the whole time
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount == 2 || site.Counter(key).Hits > 2, TimeSpan.FromSeconds(40)));
        run.Stdin.Close();

        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine(done.Stderr);
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(urls.Order(), done.Records.Select(r => r.GetProperty("url").GetString()!).Order());
        Assert.All(done.Records, r =>
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind);
            Assert.Equal(1, r.GetProperty("attempts").GetInt32());
        });
        Assert.Equal(2, site.Counter(key).Hits);
        Assert.DoesNotContain("silent for", done.Stderr, StringComparison.Ordinal);
    }
}
