namespace WebFetch.Supervisor;

/// <summary>What the supervisor knows of requests whose connection closed without a result: which worker held them, and how it ended.</summary>
internal interface IRequestLosses
{
    /// <summary>Waits (briefly) until the supervisor has seen what became of request <paramref name="requestId"/>'s worker, and says it.</summary>
    Task<RequestLoss> DescribeLossAsync(long requestId, CancellationToken cancellationToken);

    /// <summary>The pid of the worker that began request <paramref name="requestId"/>, if one did.</summary>
    int? HolderOf(long requestId);
}
