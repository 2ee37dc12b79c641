using System.Net.Sockets;

namespace WebFetch.Fetching;

/// <summary>A connection's stream that gives its descriptor back to the <see cref="DescriptorBudget"/> when disposed.</summary>
internal sealed class CountedNetworkStream(Socket socket, DescriptorBudget budget) : NetworkStream(socket, ownsSocket: true)
{
    private int _disposed;

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                budget.Closed();
            }
        }
    }
}
