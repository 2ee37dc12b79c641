namespace WebFetch.Supervisor;

/// <summary>The parent waited in vain for a free file descriptor to connect to a worker.</summary>
internal sealed class DescriptorsExhaustedException(string message) : IOException(message);
