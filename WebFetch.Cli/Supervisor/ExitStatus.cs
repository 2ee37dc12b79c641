using Mono.Unix.Native;

namespace WebFetch.Supervisor;

/// <summary>Puts a child's exit status into words. .NET reports death by signal N as exit code 128 + N.</summary>
internal static class ExitStatus
{
    public static string Describe(int exitCode) => exitCode > 128 && exitCode < 128 + 65
        ? $"killed by signal {exitCode - 128}{SignalName(exitCode - 128)}"
        : $"exit code {exitCode}";

    private static string SignalName(int signal) => signal switch
    {
        (int)Signum.SIGHUP => " (SIGHUP)",
        (int)Signum.SIGINT => " (SIGINT)",
        (int)Signum.SIGILL => " (SIGILL)",
        (int)Signum.SIGABRT => " (SIGABRT)",
        (int)Signum.SIGBUS => " (SIGBUS)",
        (int)Signum.SIGKILL => " (SIGKILL)",
        (int)Signum.SIGSEGV => " (SIGSEGV)",
        (int)Signum.SIGPIPE => " (SIGPIPE)",
        (int)Signum.SIGTERM => " (SIGTERM)",
        _ => "",
    };
}
