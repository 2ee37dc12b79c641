using System.Diagnostics;
using System.Text;
using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.EndToEnd;

/// <summary>
/// A run a script starts in the background (<c>webfetch ... &amp;</c>) inherits SIGINT ignored, as
/// POSIX shells start background jobs when job control is off, and the .NET runtime leaves it
/// ignored: SIGINT does nothing to such a run, SIGTERM stops it.
/// </summary>
[Collection(EndToEndGroup.Name)]
public sealed class BackgroundJobTests(LocalSite site) : IDisposable
{
    private const ulong SigintBit = 1UL << ((int)Signum.SIGINT - 1);

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task ARunStartedInTheBackgroundByAScriptIgnoresSigintAndStopsOnSigterm()
    {
        await using var shell = await StartAsync("dotnet \"$WEBFETCH_DLL\" run \"$1\" -w 1 -v --timeout 1m --grace 1s & echo $! > \"$2\"; wait $!");
        Assert.True((SignalMask(shell.Pid, "SigIgn") & SigintBit) != 0, "the shell started the run with SIGINT ignored");
        Assert.True((SignalMask(shell.Pid, "SigCgt") & SigintBit) == 0, "the runtime put a handler back on SIGINT");

        Assert.Equal(0, Syscall.kill(shell.Pid, Signum.SIGINT)); // dropped by the kernel: nothing to observe
        Assert.Equal(0, Syscall.kill(shell.Pid, Signum.SIGTERM));
        (int exit, string stderr) = await shell.WaitAsync();

        Assert.Equal(143, exit); // the shell's `wait` passes the run's exit code on
        Assert.Contains("SIGTERM: finishing the URLs in flight", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SIGINT", stderr, StringComparison.Ordinal); // -v logs even a SIGINT taken as the same stop
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact(Timeout = 60_000)]
    public async Task TheSameRunInTheForegroundStopsOnSigint()
    {
        // the control: started without `&`, SIGINT keeps its default and the run handles it
        await using var shell = await StartAsync("echo $$ > \"$2\"; exec dotnet \"$WEBFETCH_DLL\" run \"$1\" -w 1 -v --timeout 1m --grace 1s");
        Assert.True((SignalMask(shell.Pid, "SigIgn") & SigintBit) == 0);
        Assert.True((SignalMask(shell.Pid, "SigCgt") & SigintBit) != 0);

        Assert.Equal(0, Syscall.kill(shell.Pid, Signum.SIGINT));
        (int exit, string stderr) = await shell.WaitAsync();

        Assert.Equal(130, exit);
        Assert.Contains("SIGINT: finishing the URLs in flight", stderr, StringComparison.Ordinal);
        Assert.Empty(await _cli.SurvivorsAfterAsync(TimeSpan.FromSeconds(5)));
    }

    /// <summary>Starts <paramref name="script"/> in bash (not interactive: no job control) and waits until the run it starts has a worker.</summary>
    private async Task<Shell> StartAsync(string script)
    {
        string pidFile = Path.Combine(_cli.TempDirectory, $"pid-{Guid.NewGuid():N}");
        ProcessStartInfo info = _cli.StartInfo([]);
        info.Environment["WEBFETCH_DLL"] = CliRunner.Dll;
        info.FileName = "/bin/bash";
        info.ArgumentList.Clear();
        foreach (string arg in (string[])["-c", script, "bash", _cli.WriteInput(site.Url("slow/30000")), pidFile])
        {
            info.ArgumentList.Add(arg);
        }
        var shell = new Shell(Process.Start(info)!);
        int pid = 0;
        // The run registers its signal handlers before it starts its first worker (a process
        // of this runner other than the run and the shell).
        bool started = await CliRunner.EventuallyAsync(
            () => (pid != 0 || (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out pid)))
                && _cli.Workers(pid).Any(p => p != shell.ShellPid),
            TimeSpan.FromSeconds(20));
        if (!started)
        {
            await shell.DisposeAsync();
            Assert.Fail("the run did not start a worker within 20 s");
        }
        shell.Pid = pid;
        return shell;
    }

    /// <summary>A mask of /proc/PID/status (SigIgn: signals ignored, SigCgt: signals caught), bit n-1 for signal n.</summary>
    private static ulong SignalMask(int pid, string field)
    {
        string line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return Convert.ToUInt64(line[(field.Length + 1)..].Trim(), 16);
    }

    private sealed class Shell : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _stderr;
        private readonly Task<string> _stdout;

        public Shell(Process process)
        {
            _process = process;
            _process.StandardInput.Close();
            _stderr = _process.StandardError.ReadToEndAsync();
            _stdout = _process.StandardOutput.ReadToEndAsync();
        }

        public int ShellPid => _process.Id;

        /// <summary>The run's pid (the shell's child, or the shell itself after exec).</summary>
        public int Pid { get; set; }

        public async Task<(int Exit, string Stderr)> WaitAsync()
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                Assert.Fail($"the run did not stop within 20 s; stderr:\n{await _stderr}");
            }
            await _stdout;
            return (_process.ExitCode, await _stderr);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
