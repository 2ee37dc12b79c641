using System.Diagnostics;
using Mono.Unix.Native;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>A CLI run the test drives while it runs: signals, reading stdout as it comes, killing workers.</summary>
public sealed class RunningCli : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stderr;
    private readonly List<string> _lines = [];
    private readonly Task _reader;

    public RunningCli(CliRunner runner, IEnumerable<string> args, bool readStdout = true, bool closeStdin = true)
    {
        Runner = runner;
        _process = Process.Start(runner.StartInfo(args))!;
        if (closeStdin)
        {
            _process.StandardInput.Close();
        }
        _stderr = _process.StandardError.ReadToEndAsync();
        _reader = readStdout ? Task.Run(ReadStdoutAsync) : Task.CompletedTask;
    }

    public CliRunner Runner { get; }

    public int Pid => _process.Id;

    public StreamReader Stdout => _process.StandardOutput;

    /// <summary>The run's stdin, open when started with <c>closeStdin: false</c> (for input <c>-</c>).</summary>
    public StreamWriter Stdin => _process.StandardInput;

    public IReadOnlyList<int> Workers => Runner.Workers(Pid);

    /// <summary>
    /// Workers alive for at least <paramref name="age"/>: on a loaded machine a JIT worker can
    /// take a second to be ready, and workers killed before they are ready look to the
    /// supervisor like workers that cannot start.
    /// </summary>
    public IReadOnlyList<int> WorkersOlderThan(TimeSpan age) => Workers.Where(pid =>
    {
        try
        {
            using var worker = Process.GetProcessById(pid);
            return DateTime.Now - worker.StartTime >= age;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false; // gone meanwhile
        }
    }).ToList();

    public int RecordCount
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    public void Signal(Signum signal) => Assert.Equal(0, Syscall.kill(Pid, signal));

    public Task<bool> WorkersAreAsync(int count, TimeSpan within) => CliRunner.EventuallyAsync(() => Workers.Count == count, within);

    /// <summary>Waits for the exit, bounded; a hang kills the tree and fails the test.</summary>
    public async Task<CliRun> WaitAsync(TimeSpan within)
    {
        using var limit = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"webfetch did not exit within {within.TotalSeconds} s; stderr:\n{await _stderr}");
        }
        await _reader;
        string stderr = await _stderr;
        lock (_lines)
        {
            return new CliRun(_process.ExitCode, [.. _lines], stderr, _process.Id);
        }
    }

    private async Task ReadStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
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
