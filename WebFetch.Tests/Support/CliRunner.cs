using System.Diagnostics;
using Xunit;

namespace WebFetch.Tests.Support;

/// <summary>
/// Starts the real CLI (<c>dotnet webfetch.dll</c>, built next to the tests) with real worker
/// processes. Each run gets its own TMPDIR, so the test can check afterwards that no socket
/// directory and no process (every worker inherits that TMPDIR) was left behind.
/// </summary>
public sealed class CliRunner : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public CliRunner()
    {
        TempDirectory = Directory.CreateTempSubdirectory("wf-test-").FullName;
    }

    /// <summary>The TMPDIR of the runs started by this runner.</summary>
    public string TempDirectory { get; }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "webfetch.dll");

    public string WriteInput(params string[] lines)
    {
        string path = Path.Combine(TempDirectory, $"input-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Extra environment for every run of this runner (e.g. the Debug-only fault hooks).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>An executable to run instead of the Debug build (the published binary, for instance).</summary>
    public string? Executable { get; init; }

    public ProcessStartInfo StartInfo(IEnumerable<string> args, bool useAppHost = false)
    {
        var info = new ProcessStartInfo
        {
            FileName = Executable ?? (useAppHost ? Path.Combine(AppContext.BaseDirectory, "webfetch") : "dotnet"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Executable is null && !useAppHost)
        {
            info.ArgumentList.Add(Dll);
        }
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["TMPDIR"] = TempDirectory;
        info.Environment["NO_COLOR"] = "1";
        info.Environment["XDG_CONFIG_HOME"] = TempDirectory; // no user's config file changes a test's options
        info.Environment.Remove("WEBFETCH_WORKER");
        foreach ((string name, string value) in Environment)
        {
            info.Environment[name] = value;
        }
        return info;
    }

    /// <summary>Runs the CLI to completion, bounded by <paramref name="timeout"/>; a hang kills the whole tree and fails.</summary>
    public Task<CliRun> RunAsync(IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null, bool useAppHost = false) =>
        RunAsync(StartInfo(args, useAppHost), stdin, timeout);

    /// <summary>
    /// Runs the CLI from a shell, for what only a shell sets up (limits, redirections):
    /// <paramref name="script"/> ends in <c>exec dotnet "$WEBFETCH_DLL" ...</c>, and <c>$1</c>,
    /// <c>$2</c>... are <paramref name="args"/>. Bounded like <see cref="RunAsync(IEnumerable{string}, string?, TimeSpan?, bool)"/>.
    /// </summary>
    public Task<CliRun> RunInShellAsync(string script, params string[] args)
    {
        ProcessStartInfo info = StartInfo([]);
        info.Environment["WEBFETCH_DLL"] = Dll;
        info.FileName = "/bin/sh";
        info.ArgumentList.Clear();
        foreach (string arg in (string[])["-c", script, "sh", .. args])
        {
            info.ArgumentList.Add(arg);
        }
        return RunAsync(info, stdin: null, timeout: null);
    }

    private static async Task<CliRun> RunAsync(ProcessStartInfo info, string? stdin, TimeSpan? timeout)
    {
        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            string err = await stderr;
            Assert.Fail($"webfetch did not finish within {(timeout ?? DefaultTimeout).TotalSeconds} s; stderr:\n{err}");
        }
        string output = await stdout;
        return new CliRun(
            process.ExitCode,
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            await stderr,
            process.Id);
    }

    /// <summary>Pids of live processes started by this runner's runs (they carry its TMPDIR), zombies excluded.</summary>
    public IReadOnlyList<int> LiveProcesses()
    {
        var found = new List<int>();
        string marker = $"TMPDIR={TempDirectory}\0";
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }
                string status = File.ReadAllText(Path.Combine(dir, "status"));
                if (!status.Contains("State:\tZ", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile
            }
        }
        return found;
    }

    /// <summary>The live worker processes of the run whose parent is <paramref name="parentPid"/>.</summary>
    public IReadOnlyList<int> Workers(int parentPid) => LiveProcesses().Where(p => p != parentPid).ToList();

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds or <paramref name="within"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > within)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>Waits up to <paramref name="within"/> for every process of this runner to be gone.</summary>
    public async Task<IReadOnlyList<int>> SurvivorsAfterAsync(TimeSpan within)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<int> live = LiveProcesses();
            if (live.Count == 0 || watch.Elapsed > within)
            {
                return live;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Socket directories left in this runner's TMPDIR.</summary>
    public IReadOnlyList<string> LeftoverSocketDirectories() =>
        Directory.GetDirectories(TempDirectory, "webfetch-*");

    public void Dispose()
    {
        foreach (int pid in LiveProcesses())
        {
            try
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
            }
        }
        try
        {
            Directory.Delete(TempDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
