using System.CommandLine;
using System.Diagnostics;
using WebFetch.Cli;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Cli;

/// <summary>
/// The completion scripts and the man page, printed by the real program and read by real bash
/// and man: each knows every option the command line defines, so none can drift from the code.
/// </summary>
public sealed class ShellCompletionTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string[] LongOptionsOf(string command) =>
        [.. CommandLineApp.Build().Subcommands.Single(c => c.Name == command).Options.Where(o => !o.Hidden).Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal))];

    [Fact(Timeout = 60_000)]
    public async Task BashLoadsTheScriptAndCompletesCommandsOptionsAndTheirValues()
    {
        string script = Path.Combine(Path.GetDirectoryName(_cli.WriteInput("x"))!, "webfetch.bash");
        await File.WriteAllTextAsync(script, await PrintedAsync(["completion", "bash"]));

        string results = await BashAsync($$"""
            source '{{script}}'
            complete -p webfetch
            reply() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _webfetch; echo "${COMPREPLY[*]}"; }
            reply webfetch ''
            reply webfetch run --for
            reply webfetch run --format ''
            reply webfetch queue s
            reply webfetch run ''
            """);

        string[] lines = results.Split('\n');
        Assert.Equal("complete -o filenames -F _webfetch webfetch", lines[0]);
        Assert.Equal(["run", "crawl", "queue", "serve", "completion"], lines[1].Split(' ').Where(w => !w.StartsWith('-')).ToArray());
        Assert.Equal("--format", lines[2]);
        Assert.Equal(["csv", "jsonl", "text"], lines[3].Split(' ').Order().ToArray());
        Assert.Equal("status", lines[4]);
        Assert.All(LongOptionsOf("run"), option => Assert.Contains(option, lines[5].Split(' ')));
    }

    [Fact(Timeout = 60_000)]
    public async Task TheFishAndZshScriptsNameEveryOption()
    {
        string fish = await PrintedAsync(["completion", "fish"]);
        string zsh = await PrintedAsync(["completion", "zsh"]);

        Assert.All(LongOptionsOf("run"), option => Assert.Contains($"-n '__fish_seen_subcommand_from run' -l {option[2..]}", fish, StringComparison.Ordinal));
        Assert.All(LongOptionsOf("serve"), option => Assert.Contains($"-n '__fish_seen_subcommand_from serve' -l {option[2..]}", fish, StringComparison.Ordinal));
        Assert.StartsWith("#compdef webfetch\n", zsh, StringComparison.Ordinal);
        Assert.Contains("bashcompinit", zsh, StringComparison.Ordinal);
        Assert.All(LongOptionsOf("run"), option => Assert.Contains(option, zsh, StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task AnUnknownShellIsAUsageError()
    {
        CliRun run = await _cli.RunAsync(["completion", "tcsh"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.StdoutLines);
        Assert.Contains("tcsh", run.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ManRendersThePageWithEveryOptionAndTheExitCodes()
    {
        string page = Path.Combine(Path.GetDirectoryName(_cli.WriteInput("x"))!, "webfetch.1");
        await File.WriteAllTextAsync(page, await PrintedAsync(["man"]));

        string rendered = await RunAsync("sh", ["-c", "man -l \"$1\" | col -b", "sh", page], new() { ["MANWIDTH"] = "200", ["LANG"] = "C.UTF-8" });

        Assert.Contains("WEBFETCH(1)", rendered, StringComparison.Ordinal);
        Assert.Contains("webfetch run [options] FILE...", rendered, StringComparison.Ordinal);
        Assert.All(LongOptionsOf("run").Concat(LongOptionsOf("serve")), option => Assert.Contains(option, rendered, StringComparison.Ordinal));
        Assert.Contains("EXIT STATUS", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("completion", LongOptionsOf("run"));
    }

    /// <summary>What the program prints for <paramref name="args"/> (blank lines aside, which neither a script nor roff needs).</summary>
    private async Task<string> PrintedAsync(string[] args)
    {
        CliRun run = await _cli.RunAsync(args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return string.Join('\n', run.StdoutLines) + "\n";
    }

    private static Task<string> BashAsync(string script) => RunAsync("bash", ["-c", script], []);

    private static async Task<string> RunAsync(string program, string[] args, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {await errors}");
        return (await output).TrimEnd('\n');
    }
}
