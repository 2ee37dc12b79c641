using System.Net.Http;

namespace WebFetch.Fetching;

/// <summary>
/// The connection pools of a worker, kept within its <see cref="DescriptorBudget"/>: each
/// request waits (within its own time) until a connection for it fits, and is sent through
/// one of two pools. While the budget has room, the pool that keeps idle connections for
/// <see cref="Timings.LongIdle"/>, so that a host fetched again reuses its connection; once it is
/// crowded (many hosts), the pool whose idle connections close after <see cref="Timings.ShortIdle"/>,
/// so that connections to hosts not asked again soon give their descriptors back.
/// </summary>
internal sealed class PooledConnections : HttpMessageHandler
{
    private readonly DescriptorBudget _budget;
    private readonly HttpMessageInvoker _longLived;
    private readonly HttpMessageInvoker _shortLived;

    /// <param name="budget">The descriptors the pools may hold.</param>
    /// <param name="createHandler">A handler with the fetch settings, given the connect callback and the idle time of its pooled connections.</param>
    public PooledConnections(DescriptorBudget budget, Func<Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>, TimeSpan, SocketsHttpHandler> createHandler)
    {
        _budget = budget;
        var connector = new BudgetedConnector(budget);
        SocketsHttpHandler longLived = createHandler(connector.ConnectAsync, Timings.LongIdle);
        try
        {
            _shortLived = new HttpMessageInvoker(createHandler(connector.ConnectAsync, Timings.ShortIdle), disposeHandler: true);
        }
        catch
        {
            longLived.Dispose();
            throw;
        }
        _longLived = new HttpMessageInvoker(longLived, disposeHandler: true);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await _budget.EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Once the headers are in, the request's connection is open and counted as such.
            HttpMessageInvoker pool = _budget.IsCrowded ? _shortLived : _longLived;
            return await pool.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _budget.Leave();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _longLived.Dispose();
            _shortLived.Dispose();
        }
        base.Dispose(disposing);
    }
}
