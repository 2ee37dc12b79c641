using System.Diagnostics;
using System.Text.Json;
using WebFetch.Tests.Architecture;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// The published binary as users get it: installed under a prefix by packaging/install.sh (what
/// <c>./build.sh install</c> runs), from the release tarball and from the Debian package made by
/// packaging/dist.sh (what <c>./build.sh dist</c> runs), as a dotnet tool from the packages of
/// packaging/dotnet-tool.sh (also run by <c>./build.sh dist</c>), and copied alone, without its library.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class InstallTests(LocalSite site) : IDisposable
{
    private static readonly string Packaging = Path.Combine(Path.GetDirectoryName(ProjectDirectory.Of("WebFetch.Cli"))!, "packaging");
    private readonly string _root = Directory.CreateTempSubdirectory("wf-install-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task TheBinaryCopiedAloneSaysInOneLineWhatIsMissingAndHowToInstall()
    {
        string alone = Path.Combine(_root, "webfetch");
        File.Copy(PublishedBinary.Path, alone);
        File.SetUnixFileMode(alone, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var cli = new CliRunner { Executable = alone };

        CliRun run = await cli.RunAsync(["run", cli.WriteInput(site.Url("page/1"))]);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.StdoutLines);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot find libMonoPosixHelper.so", line, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_root, "libMonoPosixHelper.so"), line, StringComparison.Ordinal);
        Assert.Contains("./build.sh install", line, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task InstalledUnderAPrefixItRunsFromPrefixBinAndUninstallLeavesNoFile()
    {
        string prefix = Path.Combine(_root, "usr-local");

        await ScriptAsync("install.sh", "install", Path.GetDirectoryName(PublishedBinary.Path)!, prefix);
        Assert.Equal("../lib/webfetch/webfetch", new FileInfo(Path.Combine(prefix, "bin", "webfetch")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(prefix, "lib", "webfetch", "libMonoPosixHelper.so")));
        Assert.StartsWith(".TH WEBFETCH 1 ", File.ReadAllText(Path.Combine(prefix, "share", "man", "man1", "webfetch.1")), StringComparison.Ordinal);
        Assert.Contains("complete -o filenames -F _webfetch webfetch", File.ReadAllText(Path.Combine(prefix, "share", "bash-completion", "completions", "webfetch")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(prefix, "share", "zsh", "site-functions", "_webfetch")));
        Assert.True(File.Exists(Path.Combine(prefix, "share", "fish", "vendor_completions.d", "webfetch.fish")));
        await AssertFetchesAsync(Path.Combine(prefix, "bin", "webfetch"));

        await ScriptAsync("install.sh", "uninstall", Path.GetDirectoryName(PublishedBinary.Path)!, prefix);
        Assert.Empty(Directory.EnumerateFiles(prefix, "*", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(prefix, "lib", "webfetch")));
    }

    [Fact(Timeout = 120_000)]
    public async Task TheTarballAndTheDebianPackageInstallTheSameRunnableFiles()
    {
        string dist = Path.Combine(_root, "dist");
        await ScriptAsync("dist.sh", Path.GetDirectoryName(PublishedBinary.Path)!, dist, "9.8.7");
        string tarball = Path.Combine(dist, "webfetch-9.8.7-linux-x64.tar.gz");
        string package = Path.Combine(dist, "webfetch_9.8.7_amd64.deb");
        Assert.True(File.Exists(tarball) && File.Exists(package));

        string unpacked = Path.Combine(_root, "opt");
        Directory.CreateDirectory(unpacked);
        await RunAsync("tar", "-C", unpacked, "--strip-components=1", "-xzf", tarball);
        await AssertFetchesAsync(Path.Combine(unpacked, "bin", "webfetch"));

        // dpkg with a database of its own under a private root: the machine's packages are not touched
        string root = Path.Combine(_root, "debroot");
        Directory.CreateDirectory(Path.Combine(root, "var", "lib", "dpkg", "info"));
        Directory.CreateDirectory(Path.Combine(root, "var", "lib", "dpkg", "updates"));
        File.WriteAllText(Path.Combine(root, "var", "lib", "dpkg", "status"), "");
        await RunAsync("dpkg", $"--root={root}", "--force-depends", "--force-not-root", "-i", package);
        Assert.Contains("ii  webfetch", await RunAsync("dpkg", $"--root={root}", "-l", "webfetch"), StringComparison.Ordinal);
        Assert.Equal(
            Directory.EnumerateFileSystemEntries(unpacked, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(unpacked, p)).Order(),
            Directory.EnumerateFileSystemEntries(Path.Combine(root, "usr"), "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(Path.Combine(root, "usr"), p)).Order());
        await AssertFetchesAsync(Path.Combine(root, "usr", "bin", "webfetch"));

        await RunAsync("dpkg", $"--root={root}", "--force-not-root", "-r", "webfetch");
        string[] left = [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)];
        Assert.DoesNotContain(left, p => !Directory.Exists(p) && !p.StartsWith(Path.Combine(root, "var"), StringComparison.Ordinal));
    }

    [Fact(Timeout = 180_000)]
    public async Task TheDotnetToolPackagesInstallFromALocalFolderWithNoOtherFeedAndRun()
    {
        string feed = Path.Combine(_root, "feed");
        await ScriptAsync("dotnet-tool.sh", Path.GetDirectoryName(PublishedBinary.Path)!, feed, "9.8.7");
        Assert.True(File.Exists(Path.Combine(feed, "webfetch.9.8.7.nupkg")));
        Assert.True(File.Exists(Path.Combine(feed, "webfetch.linux-x64.9.8.7.nupkg")));

        // the folder is the only source, with a package cache of its own: nothing comes from elsewhere
        string config = Path.Combine(_root, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="dist" value="{feed}" /></packageSources></configuration>
            """);
        string tools = Path.Combine(_root, "tools");
        await DotnetAsync("tool", "install", "webfetch", "--tool-path", tools, "--configfile", config, "--version", "9.8.7");
        Assert.Contains("9.8.7", await DotnetAsync("tool", "list", "--tool-path", tools), StringComparison.Ordinal);
        await AssertFetchesAsync(Path.Combine(tools, "webfetch"));

        await DotnetAsync("tool", "uninstall", "webfetch", "--tool-path", tools);
        Assert.Empty(Directory.EnumerateFiles(tools, "*", SearchOption.AllDirectories));
    }

    private Task<string> DotnetAsync(params string[] args) =>
        RunAsync("env", [$"NUGET_PACKAGES={Path.Combine(_root, "packages")}", "DOTNET_CLI_TELEMETRY_OPTOUT=1", "DOTNET_NOLOGO=1", "dotnet", .. args]);

    private async Task AssertFetchesAsync(string executable)
    {
        using var cli = new CliRunner { Executable = executable };
        CliRun run = await cli.RunAsync(["run", cli.WriteInput(site.Url("page/3")), "-w", "1"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        JsonElement record = run.RecordFor(site.Url("page/3"));
        Assert.Equal(LocalSite.TitleOf(3), record.GetProperty("title").GetString());
        Assert.Empty(await cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(3)));
    }

    private static Task<string> ScriptAsync(string script, params string[] args) => RunAsync(Path.Combine(Packaging, script), args);

    /// <summary>Runs a program to its end within 60 s; fails with its output when it fails.</summary>
    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not end within 60 s");
        }
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await errors}");
        return await output;
    }
}
