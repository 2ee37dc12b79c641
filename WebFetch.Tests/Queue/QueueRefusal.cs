using System.Diagnostics;
using WebFetch.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace WebFetch.Tests.Queue;

/// <summary>The promise of both commands that connect to a queue (<c>run --queue</c>, <c>serve --queue</c>) when they cannot use it: one line that says why, exit 2, within seconds, no secret shown, no process left.</summary>
public static class QueueRefusal
{
    public static async Task AssertAsync(LocalSite site, ITestOutputHelper output, string queue, string expected,
        string[]? options = null, IReadOnlyDictionary<string, string>? environment = null, string? secret = null)
    {
        using var cli = new CliRunner();
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            cli.Environment[name] = value;
        }
        string input = cli.WriteInput(site.Url("page/1"));
        string[][] commands =
        [
            ["run", input, "--queue", queue, .. options ?? []],
            ["serve", "--queue", queue, "-w", "1", "--socket", Path.Combine(cli.TempDirectory, "s"), .. options ?? []],
        ];
        foreach (string[] command in commands)
        {
            var watch = Stopwatch.StartNew();
            CliRun run = await cli.RunAsync(command, timeout: TimeSpan.FromSeconds(60));
            output.WriteLine($"{command[0]}: exit {run.ExitCode} after {watch.Elapsed.TotalSeconds:F1} s: {run.Stderr}");
            Assert.Equal(2, run.ExitCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"{command[0]} took {watch.Elapsed.TotalSeconds:F1} s to give up");
            string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(expected, line, StringComparison.Ordinal);
            if (secret is not null)
            {
                Assert.DoesNotContain(secret, run.Stderr, StringComparison.Ordinal);
            }
            Assert.Empty(run.StdoutLines);
            Assert.Empty(await cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
        }
    }
}
