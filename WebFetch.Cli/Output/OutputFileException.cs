namespace WebFetch.Output;

/// <summary>Thrown when the <c>--output</c> or <c>--resume</c> file cannot be opened or read: a configuration error (exit 2).</summary>
internal sealed class OutputFileException(string message, Exception? inner = null) : Errors.UserErrorException(message, inner);
