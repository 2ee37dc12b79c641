namespace WebFetch.Cli;

/// <summary>The documented exit codes of <c>webfetch run</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Every URL got an HTTP response (any status, 404 included).</summary>
    public const int Success = 0;

    /// <summary>At least one URL ended with an error record.</summary>
    public const int SomeFailed = 1;

    /// <summary>Usage or configuration error: bad option, unreadable input, an output that cannot be opened or written, unusable socket path, workers that cannot start, an incomplete install.</summary>
    public const int Usage = 2;

    /// <summary>An internal error (a bug), reported with its stack trace on stderr; EX_SOFTWARE of sysexits.h.</summary>
    public const int InternalError = 70;

    /// <summary>Stdout was closed by the reader (EPIPE, e.g. <c>| head</c>); the run stopped early and quietly.</summary>
    public const int OutputClosed = 141;

    /// <summary>Interrupted by SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>Terminated by SIGTERM.</summary>
    public const int Terminated = 143;
}
