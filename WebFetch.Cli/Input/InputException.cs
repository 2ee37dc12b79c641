namespace WebFetch.Input;

/// <summary>Thrown when an input file cannot be opened or read: a configuration error (exit 2), not a per-URL failure.</summary>
internal sealed class InputException(string message, Exception? inner = null) : Errors.UserErrorException(message, inner);
