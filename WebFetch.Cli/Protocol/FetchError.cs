namespace WebFetch.Protocol;

/// <summary>The <c>error</c> object of a failed record: a kind from <see cref="ErrorKind"/> and a human message.</summary>
internal sealed record FetchError(string Kind, string Message);
