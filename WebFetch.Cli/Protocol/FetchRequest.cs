namespace WebFetch.Protocol;

/// <summary>
/// The one line the parent writes on a dispatch connection. <see cref="Id"/> is unique per
/// dispatch within a run and lets a worker report on its control channel which request it holds.
/// </summary>
internal sealed record FetchRequest(long Id, string Url);
