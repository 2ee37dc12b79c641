using System.Collections.Concurrent;
using WebFetch.Pipeline;
using WebFetch.Protocol;
using WebFetch.Supervisor;

namespace WebFetch.Tests.Pipeline.Fakes;

/// <summary>
/// Workers whose answers the test writes: <see cref="Answer"/> decides per request what comes
/// back (a result, null for a connection that closed without one, or an exception), and every
/// request sent is kept. Also the supervisor's account of lost requests.
/// </summary>
internal sealed class ScriptedWorkers : IWorkerExchange, IRequestLosses
{
    public ConcurrentQueue<FetchRequest> Sent { get; } = new();

    /// <summary>What a request gets; by default a 200 for its URL.</summary>
    public Func<FetchRequest, CancellationToken, Task<FetchResult?>> Answer { get; set; } =
        (request, _) => Task.FromResult<FetchResult?>(new FetchResult { Url = request.Url, Status = 200, Attempts = 1 });

    /// <summary>Whether a lost request had been begun by a worker (reported busy).</summary>
    public bool LossesStarted { get; set; } = true;

    public int? Holder { get; set; }

    public Task<FetchResult?> ExchangeAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        Sent.Enqueue(request);
        return Answer(request, cancellationToken);
    }

    public Task<RequestLoss> DescribeLossAsync(long requestId, CancellationToken cancellationToken) =>
        Task.FromResult(new RequestLoss($"worker 4242 was killed holding request {requestId}", LossesStarted));

    public int? HolderOf(long requestId) => Holder;
}
