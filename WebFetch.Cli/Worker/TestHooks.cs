using System.Diagnostics;
using Mono.Unix.Native;

namespace WebFetch.Worker;

/// <summary>
/// Fault injection for the supervision tests. The calls exist only in Debug builds
/// (<see cref="ConditionalAttribute"/>): a published Release binary has no trace of them.
/// </summary>
internal static class TestHooks
{
    /// <summary>A worker given a URL containing this text kills itself with SIGKILL, as the OOM killer would.</summary>
    public const string PoisonVariable = "WEBFETCH_TEST_POISON";

    /// <summary>Set to 1, a worker exits with <see cref="FailedStartExitCode"/> before it reports ready.</summary>
    public const string FailStartVariable = "WEBFETCH_TEST_FAIL_START";

    /// <summary>The exit code of a start failure injected by <see cref="FailStartVariable"/>: none of the worker's own <see cref="Protocol.WorkerExitCodes"/>.</summary>
    public const int FailedStartExitCode = 3;

    /// <summary>
    /// A worker given a URL containing this text fails in its accept loop at the loop's next
    /// turn, with that URL and any others still in flight, as an unexpected error would; the
    /// error's message names the URL, as a real one may.
    /// </summary>
    public const string CrashVariable = "WEBFETCH_TEST_CRASH";

    /// <summary>
    /// A worker whose answer is for a URL containing this text gives the answer up unwritten,
    /// as it does when its reader takes nothing for the write timeout.
    /// </summary>
    public const string UnreadVariable = "WEBFETCH_TEST_UNREAD";

    private static volatile string? _crashUrl;

    [Conditional("DEBUG")]
    public static void BeforeFetch(string url, Action wakeAcceptLoop)
    {
        string? poison = Environment.GetEnvironmentVariable(PoisonVariable);
        if (!string.IsNullOrEmpty(poison) && url.Contains(poison, StringComparison.Ordinal))
        {
            _ = Syscall.kill(Syscall.getpid(), Signum.SIGKILL);
        }
        string? crash = Environment.GetEnvironmentVariable(CrashVariable);
        if (!string.IsNullOrEmpty(crash) && url.Contains(crash, StringComparison.Ordinal))
        {
            _crashUrl = url;
            wakeAcceptLoop();
        }
    }

    [Conditional("DEBUG")]
    public static void BeforeAnswer(string url)
    {
        string? unread = Environment.GetEnvironmentVariable(UnreadVariable);
        if (!string.IsNullOrEmpty(unread) && url.Contains(unread, StringComparison.Ordinal))
        {
            throw new AnswerNotTakenException($"gave up writing the answer for {url}: failure injected by {UnreadVariable}");
        }
    }

    [Conditional("DEBUG")]
    public static void InAcceptLoop()
    {
        if (_crashUrl is { } url)
        {
            throw new InvalidOperationException($"failure injected by {CrashVariable} on {url}");
        }
    }

    [Conditional("DEBUG")]
    public static void BeforeReady()
    {
        if (Environment.GetEnvironmentVariable(FailStartVariable) == "1")
        {
            Environment.Exit(FailedStartExitCode);
        }
    }
}
