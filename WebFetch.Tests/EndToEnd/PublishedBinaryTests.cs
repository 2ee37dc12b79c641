using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// Smoke tests of the published NativeAOT binary (<c>./bin/webfetch</c>, what users get), whose
/// workers are that binary too: trimming and AOT compilation break things the Debug build never shows.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class PublishedBinaryTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new() { Executable = PublishedBinary.Path };

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task ItFetchesAFewUrlsWithTwoWorkersIntoOneRecordPerLine()
    {
        int[] pages = [1, 2, 3, 4, 5, 6];
        string[] urls = pages.Select(n => site.Url($"page/{n}")).ToArray();

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(urls), "-w", "2"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(urls.Length, run.StdoutLines.Count);
        Assert.Equal(urls.Order(), run.Records.Select(r => r.GetProperty("url").GetString()).Order());
        foreach (int n in pages)
        {
            JsonElement record = run.RecordFor(site.Url($"page/{n}"));
            Assert.Equal(JsonValueKind.Null, record.GetProperty("error").ValueKind);
            Assert.Equal(200, record.GetProperty("status").GetInt32());
            Assert.Equal(LocalSite.TitleOf(n), record.GetProperty("title").GetString());
        }
        await AssertNothingLeftBehindAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task ItPrintsItsHelp()
    {
        CliRun help = await _cli.RunAsync(["--help"]);
        CliRun runHelp = await _cli.RunAsync(["run", "--help"]);

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.StdoutLines);
        Assert.Contains(help.StdoutLines, l => l.TrimStart().StartsWith("run ", StringComparison.Ordinal));
        Assert.Equal(0, runHelp.ExitCode);
        Assert.Contains(runHelp.StdoutLines, l => l.Contains("--workers", StringComparison.Ordinal));
        Assert.Empty(help.Stderr);
    }

    [Fact(Timeout = 60_000)]
    public async Task ASigtermMidRunEndsWithEveryLineRecorded()
    {
        string[] urls = Enumerable.Range(0, 40).Select(n => site.Url($"slow/300?n={n}")).ToArray();
        await using var running = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "2", "-c", "1"]);
        Assert.True(await CliRunner.EventuallyAsync(() => running.RecordCount >= 1, TimeSpan.FromSeconds(20)));

        running.Signal(Signum.SIGTERM);
        CliRun done = await running.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(143, done.ExitCode);
        Assert.Equal(urls.Order(), done.Records.Select(r => r.GetProperty("url").GetString()).Order());
        Assert.Contains(done.Records, r => r.GetProperty("error").ValueKind == JsonValueKind.Null);
        Assert.All(
            done.Records.Where(r => r.GetProperty("error").ValueKind != JsonValueKind.Null),
            r => Assert.Equal("interrupted", r.GetProperty("error").GetProperty("kind").GetString()));
        await AssertNothingLeftBehindAsync();
    }

    private async Task AssertNothingLeftBehindAsync()
    {
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }
}
