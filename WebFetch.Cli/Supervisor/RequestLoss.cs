namespace WebFetch.Supervisor;

/// <summary>
/// What became of a request whose connection closed without a result: a description for the
/// log and the record, and whether a worker had begun fetching it (reported it busy) before.
/// </summary>
internal readonly record struct RequestLoss(string Description, bool Started);
