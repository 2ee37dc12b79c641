namespace WebFetch.Supervisor;

/// <summary>Thrown when the socket path cannot be used: too long, not a socket, or owned by a live run (exit 2).</summary>
internal sealed class SocketPathException(string message, Exception? inner = null) : Errors.UserErrorException(message, inner);
