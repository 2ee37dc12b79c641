using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Serilog;
using WebFetch.Logs;
using WebFetch.Queue;

namespace WebFetch.Cli;

/// <summary>
/// <c>queue status</c>: connects (bounded in time), reads <see cref="QueueStatus"/> (bounded in
/// time, changing nothing), and writes it as a table on a terminal or as one JSON object.
/// An unreachable server, refused credentials or a server that stops answering is one line on
/// stderr and exit 2; a server without the webfetch streams is said so, with empty counts, exit 0.
/// </summary>
internal sealed class QueueStatusCommand(QueueAddress address, bool json)
{
    public Task<int> ExecuteAsync(CancellationToken cancellationToken) =>
        CommandHost.RunAsync("Information", async _ =>
        {
            Write(await ReadAsync(cancellationToken).ConfigureAwait(false));
            return ExitCodes.Success;
        });

    private async Task<QueueStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var (connection, js) = await QueueConnection.OpenAsync(
            address, $"webfetch queue status {Environment.MachineName}", Timings.QueueConnect, cancellationToken).ConfigureAwait(false);
        await using NatsConnection _ = connection;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timings.QueueStatusRead);
        try
        {
            return await QueueStatusReader.ReadAsync(js, address.Display, TimeProvider.System, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new QueueException($"the queue server at {address.Display} stopped answering: no answer within {Timings.QueueStatusRead.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            throw new QueueException($"cannot read the queue's state from {address.Display}: {Errors.ExceptionChain.Innermost(e).Message}", e);
        }
    }

    private void Write(QueueStatus status)
    {
        if (!status.QueueExists && json)
        {
            Log.Information("{Message}", QueueStatusCommandTable.NoQueue(status.Server)); // stdout keeps the one JSON object
        }
        Console.Out.Write(json
            ? JsonSerializer.Serialize(status, QueueStatusCommandJson.Default.QueueStatus) + "\n"
            : QueueStatusCommandTable.Format(status));
        Console.Out.Flush();
    }
}
