namespace WebFetch.Fetching;

/// <summary>Thrown when a redirect chain is too long, loops, or leaves http(s).</summary>
internal sealed class RedirectException(string message) : Exception(message);
