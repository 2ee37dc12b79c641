namespace WebFetch.Protocol;

/// <summary>Thrown when a peer breaks the line protocol: an over-long line, bad JSON, or a message out of place.</summary>
internal sealed class ProtocolException(string message) : Exception(message);
