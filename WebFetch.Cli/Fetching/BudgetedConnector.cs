using System.Net.Http;
using System.Net.Sockets;
using Serilog;

namespace WebFetch.Fetching;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of a worker: connects as
/// <see cref="HappyEyeballs"/> does, counts the connection in the <see cref="DescriptorBudget"/>
/// until its stream is disposed, and treats running out of descriptors (EMFILE, ENFILE) as
/// back-pressure: it waits for a descriptor to be freed and tries again, until the connect
/// timeout, rather than failing the URL.
/// </summary>
internal sealed class BudgetedConnector(DescriptorBudget budget)
{
    /// <summary>The longest wait before another try when no connection of ours has closed (another descriptor of the process may have).</summary>
    public static readonly TimeSpan OutOfDescriptorsPause = TimeSpan.FromMilliseconds(50);

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        budget.Opened();
        try
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await HappyEyeballs.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e) when (IsOutOfDescriptors(e))
                {
                    Log.Debug("{Host}:{Port}: no descriptor for a connection ({Reason}); {Open} connection(s) open, waiting for one to close",
                        context.DnsEndPoint.Host, context.DnsEndPoint.Port, e.Message, budget.Open);
                    await budget.FreedAsync(OutOfDescriptorsPause, cancellationToken).ConfigureAwait(false);
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
