using System.Text.Json;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace WebFetch.Queue;

/// <summary>
/// The specifications of the runs whose jobs an agent takes, read from the runs stream (the last
/// message on <see cref="QueueNames.Run"/>) the first time a job of the run comes, and kept for
/// the next ones: at most <see cref="Capacity"/> runs, the least recently used out. Jobs of a
/// new run that come together share one read. A run whose spec is not there (null) was
/// withdrawn or has ended: nothing is kept, so a later job looks again. A failed read (the server
/// away) throws, and is not kept either. Thread-safe.
/// </summary>
internal sealed class RunSpecCache(INatsJSContext js)
{
    /// <summary>Runs remembered at once: far more than run together on one queue.</summary>
    public const int Capacity = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<RunSpec?>> _runs = [];
    private readonly LinkedList<string> _recent = [];
    private INatsJSStream? _stream;

    /// <summary>The spec of <paramref name="run"/>, or null when the queue has none (the run was withdrawn or ended).</summary>
    public async Task<RunSpec?> GetAsync(string run, CancellationToken cancellationToken)
    {
        Task<RunSpec?> lookup;
        lock (_gate)
        {
            if (_runs.TryGetValue(run, out Task<RunSpec?>? known) && !known.IsFaulted && !known.IsCanceled && known is not { IsCompletedSuccessfully: true, Result: null })
            {
                _recent.Remove(run);
                _recent.AddFirst(run);
                lookup = known;
            }
            else
            {
                lookup = ReadAsync(run, cancellationToken);
                _runs[run] = lookup;
                _recent.Remove(run);
                _recent.AddFirst(run);
                while (_recent.Count > Capacity)
                {
                    _runs.Remove(_recent.Last!.Value);
                    _recent.RemoveLast();
                }
            }
        }
        return await lookup.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<RunSpec?> ReadAsync(string run, CancellationToken cancellationToken)
    {
        await Task.Yield(); // outside the lock
        INatsJSStream stream = _stream ??= await js.GetStreamAsync(QueueNames.RunsStream, cancellationToken: cancellationToken).ConfigureAwait(false);
        StreamMsgGetResponse response;
        try
        {
            response = await stream.GetAsync(new StreamMsgGetRequest { LastBySubj = QueueNames.Run(run) }, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null;
        }
        return JsonSerializer.Deserialize(response.Message.Data.Span, QueueJson.Default.RunSpec);
    }
}
