namespace WebFetch.Protocol;

/// <summary>
/// The one line the parent writes on a dispatch connection. <see cref="Id"/> is unique per
/// dispatch within a run and lets a worker report on its control channel which request it holds.
/// <see cref="Solo"/> asks the worker to serve this request alone: it stops accepting, lets the
/// connections it holds finish, and only then reports the request busy and fetches it, so that
/// if the worker dies now, this URL is the one that killed it.
/// <see cref="Options"/>, when set, are the fetch options of this request's run (the JSON of the
/// worker settings' fetch options): an agent's workers serve runs with different options; a
/// local run leaves it null (not written) and its workers use the options they started with.
/// </summary>
internal sealed record FetchRequest(long Id, string Url, bool Solo = false,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Options = null);
