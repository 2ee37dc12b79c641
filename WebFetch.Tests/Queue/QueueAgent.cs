using System.Diagnostics;
using Mono.Unix.Native;
using WebFetch.Tests.Support;
using Xunit;

namespace WebFetch.Tests.Queue;

/// <summary>
/// One <c>webfetch serve --queue</c> agent as if on a machine of its own: its own TMPDIR (so its
/// processes, parent and workers, are told apart from every other agent's) and its own socket
/// directory. It can be killed whole, parent and workers at once, as a machine that loses power.
/// </summary>
public sealed class QueueAgent : IAsyncDisposable
{
    private readonly CliRunner _machine;
    private readonly RunningCli _process;

    public QueueAgent(string name, string queueUrl, int workers, int concurrency, TimeSpan workerTimeout, IReadOnlyDictionary<string, string> environment,
        IEnumerable<string>? extraArguments = null)
    {
        Name = name;
        WorkerCount = workers;
        _machine = new CliRunner();
        foreach ((string key, string value) in environment)
        {
            _machine.Environment[key] = value;
        }
        try
        {
            _process = new RunningCli(_machine,
            [
                "serve", "--queue", queueUrl, "--workers", workers.ToString(), "-c", concurrency.ToString(),
                "--socket", Path.Combine(_machine.TempDirectory, "s"), "--worker-timeout", $"{workerTimeout.TotalSeconds}s", .. extraArguments ?? [],
            ]);
        }
        catch
        {
            _machine.Dispose();
            throw;
        }
    }

    public string Name { get; }

    public int WorkerCount { get; }

    public int Pid => _process.Pid;

    /// <summary>The live workers of this agent.</summary>
    public IReadOnlyList<int> Workers => _machine.Workers(Pid);

    /// <summary>Every live process of this agent, parent included.</summary>
    public IReadOnlyList<int> Processes => _machine.LiveProcesses();

    /// <summary>Waits, bounded, until all of this agent's workers are up; false at once if the agent exits meanwhile.</summary>
    public async Task<bool> ReadyAsync(TimeSpan within)
    {
        await CliRunner.EventuallyAsync(() => Workers.Count == WorkerCount || !IsAlive, within);
        return IsAlive && Workers.Count == WorkerCount;
    }

    /// <summary>Whether the agent's parent process still runs.</summary>
    public bool IsAlive => _machine.LiveProcesses().Contains(Pid);

    /// <summary>SIGKILL to the parent and every worker at once, as a machine that dies; returns how many processes were killed.</summary>
    public async Task<int> KillWholeAsync(TimeSpan within)
    {
        int killed = 0;
        var watch = Stopwatch.StartNew();
        IReadOnlyList<int> live;
        while ((live = _machine.LiveProcesses()).Count > 0)
        {
            Assert.True(watch.Elapsed < within, $"agent {Name}: processes {string.Join(", ", live)} still alive {within.TotalSeconds} s after SIGKILL");
            foreach (int pid in live)
            {
                if (Syscall.kill(pid, Signum.SIGKILL) == 0)
                {
                    killed++;
                }
            }
            await Task.Delay(20);
        }
        return killed;
    }

    /// <summary>SIGTERM (drain) and the agent's exit, bounded.</summary>
    public async Task<CliRun> StopAsync(TimeSpan within)
    {
        _process.Signal(Signum.SIGTERM);
        return await _process.WaitAsync(within);
    }

    /// <summary>The last lines the agent logged, once it has exited (for a failing test's output).</summary>
    public async Task<string> LogTailAsync(int lines)
    {
        CliRun run = await _process.WaitAsync(TimeSpan.FromSeconds(20));
        return string.Join('\n', run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _machine.Dispose();
    }
}
