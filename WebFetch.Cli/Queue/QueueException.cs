namespace WebFetch.Queue;

/// <summary>The queue cannot be used: unreachable, refused credentials, a stream that cannot be set up. Its message is one line for the user; the command exits 2.</summary>
internal sealed class QueueException(string message, Exception? inner = null) : Errors.UserErrorException(message, inner);
