using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Serilog;

namespace WebFetch.Fetching;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of a worker: connects as
/// <see cref="HappyEyeballs"/> does, counts the connection in the <see cref="DescriptorBudget"/>
/// until its stream is disposed, and treats running out of descriptors (EMFILE, ENFILE) as
/// back-pressure: it waits for a descriptor to be freed and tries again, for as long as the
/// connect may take (<c>--connect-timeout</c>), rather than failing at once.
/// </summary>
internal sealed class BudgetedConnector(DescriptorBudget budget, Func<DnsEndPoint, CancellationToken, Task<Socket>> connect)
{

    public BudgetedConnector(DescriptorBudget budget)
        : this(budget, HappyEyeballs.ConnectAsync)
    {
    }

    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context.DnsEndPoint, cancellationToken);

    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        budget.Opened();
        try
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await connect(endpoint, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e) when (IsOutOfDescriptors(e))
                {
                    Log.Debug("{Host}:{Port}: no descriptor for a connection ({Reason}); {Open} connection(s) open, waiting for one to close",
                        endpoint.Host, endpoint.Port, e.Message, budget.Open);
                    try
                    {
                        await budget.FreedAsync(Timings.OutOfDescriptorsPause, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        ExceptionDispatchInfo.Throw(e); // the connect's time is up: say what kept it, not just that it timed out
                    }
                    continue;
                }
                try
                {
                    return new CountedNetworkStream(socket, budget);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
        }
        catch
        {
            budget.Closed();
            throw;
        }
    }

    /// <summary>EMFILE (the process's limit) or ENFILE (the system's), which .NET reports alike.</summary>
    public static bool IsOutOfDescriptors(SocketException exception) => exception.SocketErrorCode == SocketError.TooManyOpenSockets;
}
