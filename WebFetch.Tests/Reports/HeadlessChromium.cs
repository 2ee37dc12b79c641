using System.Diagnostics;
using Mono.Unix.Native;
using Xunit;

namespace WebFetch.Tests.Reports;

/// <summary>
/// Debian's chromium, headless, on a local file only: a private profile and home in a temporary
/// directory, no first-run, extension, sync or background traffic, every host name mapped to
/// nothing (no DNS query leaves the machine), each run bounded in time and its whole process
/// group (the browser's helpers too) killed after it.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    private readonly string _home = Directory.CreateTempSubdirectory("webfetch-chromium-").FullName;

    /// <summary>The path of chromium on PATH, or null when it is not installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);

    /// <summary>The DOM of the page once loaded and its scripts run, serialized.</summary>
    public Task<string> DumpDomAsync(string file, CancellationToken cancellationToken) =>
        RunAsync(["--dump-dom", new Uri(file).AbsoluteUri], cancellationToken);

    /// <summary>A PNG of the page in a window of that size.</summary>
    public async Task ScreenshotAsync(string file, string png, int width, int height, CancellationToken cancellationToken)
    {
        await RunAsync([$"--screenshot={png}", $"--window-size={width},{height}", new Uri(file).AbsoluteUri], cancellationToken);
        Assert.True(File.Exists(png), $"chromium wrote no screenshot to {png}");
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private async Task<string> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[Find()!, .. CommonArguments(), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = _home;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_home, "config");
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(_home, "cache");
        using var process = Process.Start(start)!;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(RunLimit);
        try
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            Task<string> stderr = process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
            string dom = await stdout;
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
            return dom;
        }
        finally
        {
            // setsid made chromium the leader of a group of its own: this ends its helpers too (ESRCH when none is left).
            Syscall.kill(-process.Id, Signum.SIGKILL);
        }
    }

    private string[] CommonArguments() =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-breakpad", "--mute-audio", "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={Path.Combine(_home, "profile")}",
    ];
}
