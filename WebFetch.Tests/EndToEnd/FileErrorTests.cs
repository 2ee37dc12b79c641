using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>Every file webfetch cannot open, read or write is named with the reason in plain words, exit 2, no stack trace.</summary>
[Collection(EndToEndGroup.Name)]
public sealed class FileErrorTests(LocalSite site) : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory(Timeout = 30_000)]
    [InlineData("--output", "output")]
    [InlineData("--resume", "resume")]
    public async Task AnOutputFileInAMissingDirectoryNamesTheDirectory(string option, string role)
    {
        string directory = Path.Combine(_cli.TempDirectory, "missing", "dir");
        string path = Path.Combine(directory, "x.jsonl");
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1")), option, path]);

        AssertUsageError(run, $"cannot open {role} file '{path}': directory '{directory}' does not exist");
    }

    [Fact(Timeout = 30_000)]
    public async Task AnInputFileInAMissingDirectoryNamesTheDirectory()
    {
        string directory = Path.Combine(_cli.TempDirectory, "missing");
        string path = Path.Combine(directory, "urls.txt");
        CliRun run = await _cli.RunAsync(["run", path]);

        AssertUsageError(run, $"cannot read input file '{path}': directory '{directory}' does not exist");
    }

    [Fact(Timeout = 30_000)]
    public async Task AnOutputPathThroughARegularFileNamesThatFile()
    {
        string input = _cli.WriteInput(site.Url("page/1"));
        string path = Path.Combine(input, "x.jsonl");
        CliRun run = await _cli.RunAsync(["run", input, "-o", path]);

        AssertUsageError(run, $"cannot open output file '{path}': '{input}' is not a directory");
    }

    [Theory(Timeout = 30_000)]
    [InlineData("--output", "cannot open output file")]
    [InlineData("--resume", "cannot open resume file")]
    [InlineData("--socket", "cannot create the socket")]
    public async Task AFileInADirectoryWithoutWritePermissionIsPermissionDenied(string option, string action)
    {
        // root passes every permission check: then the run is made as nobody (util-linux's setpriv drops to uid 65534)
        bool root = Syscall.geteuid() == 0;
        File.SetUnixFileMode(_cli.TempDirectory, (UnixFileMode)0b111_101_101); // 0755: nobody reaches the input
        string locked = Path.Combine(_cli.TempDirectory, "locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, (UnixFileMode)0b101_101_101); // 0555
        string input = _cli.WriteInput(site.Url("page/1"));
        File.SetUnixFileMode(input, (UnixFileMode)0b110_100_100);
        string path = Path.Combine(locked, "x.jsonl");
        string asNobody = root ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";

        CliRun run = await _cli.RunInShellAsync($"exec {asNobody}dotnet \"$WEBFETCH_DLL\" run \"$1\" {option} \"$2\"", input, path);

        AssertUsageError(run, $"{action} '{path}': permission denied");
        Assert.False(File.Exists(path));
    }

    [Fact(Timeout = 60_000)]
    public async Task AFullDiskUnderTheOutputFileStopsTheRunAndSaysWhy()
    {
        string[] urls = Enumerable.Range(0, 5).Select(n => site.Url($"page/{n}")).ToArray();
        // /dev/full fails every write with ENOSPC, as a full disk does
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(urls), "-w", "1", "-o", "/dev/full"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot write to /dev/full: no space left on device; stopped", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact(Timeout = 30_000)]
    public async Task AStdinThatFailsToReadEndsTheRunWithTheReasonNotAnInternalError()
    {
        // a directory opened as stdin: every read fails with EISDIR, after the workers started
        CliRun run = await _cli.RunInShellAsync("exec dotnet \"$WEBFETCH_DLL\" run - -w 1 < \"$1\"", _cli.TempDirectory);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read stdin: it is a directory", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(_cli.LeftoverSocketDirectories());
    }

    [Fact(Timeout = 30_000)]
    public async Task AMissingTmpdirIsNamed()
    {
        string missing = Path.Combine(_cli.TempDirectory, "missing");
        _cli.Environment["TMPDIR"] = missing;
        CliRun run = await _cli.RunAsync(["run", _cli.WriteInput(site.Url("page/1"))]);

        AssertUsageError(run, $"directory '{missing}' does not exist; set TMPDIR to a writable directory or pass --socket PATH");
    }

    private void AssertUsageError(CliRun run, string message)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.StdoutLines);
        Assert.Empty(_cli.LeftoverSocketDirectories());
        Assert.Empty(_cli.LiveProcesses());
    }
}
