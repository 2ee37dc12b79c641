namespace WebFetch.Supervisor;

/// <summary>Puts a child's exit status into words. .NET reports death by signal N as exit code 128 + N.</summary>
internal static class ExitStatus
{
    public static string Describe(int exitCode) => exitCode > 128 && exitCode < 128 + 65
        ? $"killed by signal {exitCode - 128}{SignalName(exitCode - 128)}"
        : $"exit code {exitCode}";

    private static string SignalName(int signal) => signal switch
    {
        1 => " (SIGHUP)",
        2 => " (SIGINT)",
        4 => " (SIGILL)",
        6 => " (SIGABRT)",
        7 => " (SIGBUS)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        13 => " (SIGPIPE)",
        15 => " (SIGTERM)",
        _ => "",
    };
}
