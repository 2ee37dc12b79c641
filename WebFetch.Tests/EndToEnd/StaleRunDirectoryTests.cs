using System.Net.Sockets;
using System.Text.Json;
using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// The socket directories in the temp directory: a run removes those of runs that are gone,
/// and never a live run's (whatever its pid file says) nor anything that is not a run's.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class StaleRunDirectoryTests(LocalSite site) : IDisposable
{
    /// <summary>A pid no process can have: kill(2) answers ESRCH, as it does for a pid of another PID namespace.</summary>
    private const string DeadPid = "2147483646\n";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 90_000)]
    public async Task ALiveRunsDirectoryIsKeptWhenItsPidFileNamesNoProcessAsSeenFromAnotherPidNamespace()
    {
        string[] urls = Enumerable.Range(0, 20).Select(n => site.Url($"slow/300?n={n}")).ToArray();
        await using var live = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "1", "-c", "1"]);
        Assert.True(await CliRunner.EventuallyAsync(() => live.RecordCount >= 1, TimeSpan.FromSeconds(30)));
        string directory = Assert.Single(_cli.LeftoverSocketDirectories());
        // the same file, rewritten in place: what a run in another PID namespace reads there
        File.WriteAllText(Path.Combine(directory, "pid"), DeadPid);

        CliRun second = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "1"]);
        Assert.Equal(0, second.ExitCode);
        Assert.True(File.Exists(Path.Combine(directory, "sock")), "the second run removed the live run's socket");

        CliRun done = await live.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, done.ExitCode);
        Assert.Equal(urls.Order(), done.Records.Select(r => r.GetProperty("url").GetString()!).Order());
        Assert.All(done.Records, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 90_000)]
    public async Task ARunWhoseSocketIsRemovedStopsAtOnceWithAClearErrorAndARecordForEveryLine()
    {
        string[] urls = Enumerable.Range(0, 40).Select(n => site.Url($"slow/300?n={n}")).ToArray();
        await using var run = new RunningCli(_cli, ["run", _cli.WriteInput(urls), "-w", "1", "-c", "1"]);
        Assert.True(await CliRunner.EventuallyAsync(() => run.RecordCount >= 2, TimeSpan.FromSeconds(30)));
        string socket = Path.Combine(Assert.Single(_cli.LeftoverSocketDirectories()), "sock");

        File.Delete(socket);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        CliRun done = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, done.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed.TotalSeconds:0.0} s to stop");
        Assert.Contains($"the workers' socket {socket} was removed", done.Stderr, StringComparison.Ordinal);
        Assert.Equal(urls.Order(), done.Records.Select(r => r.GetProperty("url").GetString()!).Order());
        JsonElement[] failed = done.Records.Where(r => r.GetProperty("error").ValueKind != JsonValueKind.Null).ToArray();
        Assert.NotEmpty(failed);
        Assert.All(failed, r =>
        {
            Assert.Equal("interrupted", r.GetProperty("error").GetProperty("kind").GetString());
            Assert.Contains($"the workers' socket {socket} was removed", r.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        });
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 60_000)]
    public async Task ADirectoryThatIsNotARunsIsNeverRemovedWhateverItsPidFileSays()
    {
        Assert.True(Syscall.getuid() == 0, "this test gives a directory to 'nobody' and needs root");
        // a name a run never makes, holding more than a run leaves
        string reports = Path.Combine(_cli.TempDirectory, "webfetch-reports");
        Directory.CreateDirectory(Path.Combine(reports, "2026"));
        File.WriteAllText(Path.Combine(reports, "pid"), DeadPid);
        File.WriteAllText(Path.Combine(reports, "2026", "june.csv"), "keep me");
        // a run's name, but more than a run leaves
        string extra = Path.Combine(_cli.TempDirectory, "webfetch-Ab12Cd");
        Directory.CreateDirectory(extra);
        File.WriteAllText(Path.Combine(extra, "pid"), DeadPid);
        File.WriteAllText(Path.Combine(extra, "notes.txt"), "keep me");
        // what a run leaves, but another user's
        string theirs = Path.Combine(_cli.TempDirectory, "webfetch-Xy34Zw");
        Directory.CreateDirectory(theirs);
        File.WriteAllText(Path.Combine(theirs, "pid"), DeadPid);
        Assert.Equal(0, Syscall.chown(Path.Combine(theirs, "pid"), 65534, 65534));
        Assert.Equal(0, Syscall.chown(theirs, 65534, 65534));

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "1"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(reports, "2026", "june.csv")));
        Assert.Equal(DeadPid, File.ReadAllText(Path.Combine(reports, "pid")));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(extra, "notes.txt")));
        Assert.Equal(DeadPid, File.ReadAllText(Path.Combine(extra, "pid")));
        Assert.Equal(DeadPid, File.ReadAllText(Path.Combine(theirs, "pid")));
        Assert.DoesNotContain("removed", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ADirectoryLeftByARunThatIsGoneIsRemoved()
    {
        string stale = Path.Combine(_cli.TempDirectory, "webfetch-Qr56St");
        Directory.CreateDirectory(stale);
        File.SetUnixFileMode(stale, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(stale, "pid"), DeadPid);
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(stale, "sock")));
        }

        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), "-w", "1"]);

        Assert.Equal(0, run.ExitCode);
        Assert.False(Directory.Exists(stale));
        Assert.Contains($"removed {stale}, left by a run that is gone", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }
}
