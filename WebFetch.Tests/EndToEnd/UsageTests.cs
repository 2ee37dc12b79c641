using System.Net.Sockets;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>Usage and configuration errors: exit 2, a clear message, no stack trace, nothing started.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class UsageTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 30_000)]
    public async Task AClosedStdoutIsAUsageErrorBeforeAnythingIsFetched()
    {
        CliRun run = await _cli.RunInShellAsync("exec dotnet \"$WEBFETCH_DLL\" run \"$1\" >&-", _cli.WriteInput(site.Url("page/1")));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stdout is closed", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_cli.LiveProcesses());
    }

    [Fact(Timeout = 30_000)]
    public async Task AClosedStdinGivenAsDashIsAUsageErrorNotAStreamOfGarbage()
    {
        CliRun run = await _cli.RunInShellAsync("exec dotnet \"$WEBFETCH_DLL\" run - <&-");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("stdin is closed", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
    }

    [Fact(Timeout = 60_000)]
    public async Task WithStdoutAndStderrClosedTheOutputFileGetsTheRecordsAndNothingElse()
    {
        string[] urls = Enumerable.Range(1, 12).Select(n => site.Url($"page/{n}")).ToArray();
        string output = Path.Combine(_cli.TempDirectory, "closed-stdio.jsonl");
        // the numbers 1 and 2 are free: the output file would get one of them, and the log lines with it
        CliRun run = await _cli.RunInShellAsync("exec dotnet \"$WEBFETCH_DLL\" run \"$1\" -o \"$2\" -w 2 >&- 2>&-", _cli.WriteInput(urls), output);

        Assert.Equal(0, run.ExitCode);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal(urls.Length, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("{\"url\":", line, StringComparison.Ordinal));
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1025")]
    public async Task BadWorkerCountsAreUsageErrors(string workers)
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--workers", workers]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--workers", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("2000000000")] // workers x C once overflowed: nothing was dispatched and the run hung
    public async Task ConcurrencyOutsideOneToTenThousandIsAUsageError(string concurrency)
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "2", "--concurrency", concurrency]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--concurrency must be a whole number from 1 to 10000", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("--delay", "-1", "--delay must be a time from 0 to a day, in milliseconds (500) or with a unit (500ms, 1.5s, 2m, 1h), not '-1'")]
    [InlineData("--delay", "1.5x", "--delay must be a time from 0 to a day, in milliseconds (500) or with a unit (500ms, 1.5s, 2m, 1h), not '1.5x'")]
    [InlineData("--timeout", "NaN", "--timeout must be a time above 0 and at most a day (86400 s), in seconds (2.5) or with a unit (500ms, 1.5s, 2m, 1h), not 'NaN'")]
    [InlineData("--grace", "2d", "--grace must be a time above 0 and at most a day (86400 s), in seconds (2.5) or with a unit (500ms, 1.5s, 2m, 1h), not '2d'")]
    public async Task ABadTimeIsAUsageErrorThatNamesTheOptionAndTheUnits(string option, string value, string message)
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"webfetch: {message}", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("0.001")]
    [InlineData("1999ms")]
    public async Task AWorkerTimeoutShorterThanTwoHeartbeatsIsAUsageErrorThatGivesTheMinimum(string value)
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--worker-timeout", value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"webfetch: --worker-timeout must be at least 2s (twice the 1s between a worker's heartbeats, so that one late heartbeat kills no worker), not '{value}'", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("-q", "-v")]
    [InlineData("-vq")]
    public async Task QuietWithVerboseIsAUsageErrorNotASilentChoice(params string[] options)
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), .. options]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("webfetch: --quiet and --verbose cannot be used together", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 30_000)]
    public async Task VerboseGivenTwiceIsVerboseOnce()
    {
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "1", "-vv"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.Records);
        Assert.Contains(" DBG webfetch: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" VRB ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task AMissingInputFileIsAUsageError()
    {
        CliRun run = await _cli.RunAsync(["run", Path.Combine(_cli.TempDirectory, "nope.txt")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nope.txt", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Theory(Timeout = 30_000)]
    [InlineData("input")]
    [InlineData("--output")]
    [InlineData("--resume")]
    public async Task ADirectoryAsInputOrOutputIsAUsageErrorThatSaysSo(string role)
    {
        string directory = _cli.TempDirectory;
        string[] args = role == "input" ? ["run", directory] : ["run", _cli.WriteInput(site.Url("page/1")), role, directory];
        CliRun run = await _cli.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{directory}': it is a directory", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 30_000)]
    public async Task AnUnusableTmpdirIsAUsageErrorThatSaysWhatToDo()
    {
        _cli.Environment["TMPDIR"] = Path.Combine(_cli.TempDirectory, "missing");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1"))]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("set TMPDIR to a writable directory or pass --socket", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task ASocketPathThatIsARegularFileIsRefusedAndKept()
    {
        string path = Path.Combine(_cli.TempDirectory, "not-a-socket");
        File.WriteAllText(path, "keep me");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--socket", path]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a socket", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(path));
    }

    [Fact(Timeout = 30_000)]
    public async Task ASocketPathTooLongForSunPathIsRefused()
    {
        string path = Path.Combine(_cli.TempDirectory, new string('s', 120));
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--socket", path]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at most 107", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task ASocketALiveProcessListensOnIsRefused()
    {
        string path = Path.Combine(_cli.TempDirectory, "live.sock");
        using var live = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        live.Bind(new UnixDomainSocketEndPoint(path));
        live.Listen(1);
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--socket", path]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("in use", run.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [Fact(Timeout = 60_000)]
    public async Task AStaleSocketLeftByAKilledRunIsReplacedAndRemovedAfterwards()
    {
        string path = Path.Combine(_cli.TempDirectory, "stale.sock");
        using (var killed = System.Diagnostics.Process.Start(_cli.StartInfo(["run", _cli.WriteInput(site.Url("slow/5000")), "--socket", path, "-w", "1"]))!)
        {
            for (int i = 0; i < 200 && !File.Exists(path); i++)
            {
                await Task.Delay(50);
            }
            Assert.True(File.Exists(path));
            killed.Kill(); // SIGKILL: no clean-up, the socket file stays
            await killed.WaitForExitAsync();
        }
        Assert.True(File.Exists(path));
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5))); // its worker noticed and left

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "--socket", path, "-w", "1"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.Records);
        Assert.Contains("stale", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact(Timeout = 30_000)]
    public async Task TheDefaultSocketIsPrivate()
    {
        // a slow page keeps the run alive while the socket directory is inspected
        string input = _cli.WriteInput(site.Url("slow/1500"));
        using var process = System.Diagnostics.Process.Start(_cli.StartInfo(["run", input, "-w", "1"]))!;
        process.StandardInput.Close();
        string? directory = null;
        for (int i = 0; i < 100 && directory is null; i++)
        {
            await Task.Delay(50);
            directory = Directory.GetDirectories(_cli.TempDirectory, "webfetch-*").FirstOrDefault(d => File.Exists(Path.Combine(d, "sock")));
        }
        Assert.NotNull(directory);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "sock")));
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(0, process.ExitCode);
        Assert.False(Directory.Exists(directory));
    }
}
