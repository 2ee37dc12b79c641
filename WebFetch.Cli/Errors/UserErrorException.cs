namespace WebFetch.Errors;

/// <summary>
/// A failure the user can act on (a file that cannot be read, a socket path taken, no worker
/// that fits under a limit, a queue that cannot be used), said in one line on stderr and exit 2:
/// its message is the whole story, so no stack trace goes with it.
/// </summary>
internal abstract class UserErrorException(string message, Exception? inner = null) : Exception(message, inner);
