using WebFetch.Protocol;

namespace WebFetch.Pipeline;

/// <summary>
/// One request to the workers and its answer: today a short-lived connection to their Unix
/// socket (<see cref="UnixSocketExchange"/>). Returns the worker's result, or null when the
/// connection closed without one (the worker that held it died). Throws
/// <see cref="Supervisor.DescriptorsExhaustedException"/> or
/// <see cref="Supervisor.ForeignPeerException"/> when the request was not sent, and an
/// <see cref="IOException"/>, <see cref="System.Net.Sockets.SocketException"/> or
/// <see cref="ProtocolException"/> when the connection failed.
/// </summary>
internal interface IWorkerExchange
{
    Task<FetchResult?> ExchangeAsync(FetchRequest request, CancellationToken cancellationToken);
}
