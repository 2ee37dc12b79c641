namespace WebFetch.Fetching;

/// <summary>Thrown when a redirect chain is too long, loops, or leads to what is not an http(s) URL that can be requested.</summary>
internal sealed class RedirectException(string message) : Exception(message);
