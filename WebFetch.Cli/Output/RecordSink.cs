using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>
/// Where the dispatcher hands every record, with its sequence number (its place in the input):
/// in completion order straight to the writer, or with <c>--ordered</c> through a
/// <see cref="ReorderBuffer{T}"/> first. Counts what is written and reports the output's first
/// failure, once. Thread-safe.
/// </summary>
internal sealed class RecordSink(IRecordWriter writer, RunStatistics statistics, int? orderedWindow, Action<OutputFailedException> outputFailed) : IRecordSink
{
    private readonly Lock _gate = new();
    private readonly ReorderBuffer<FetchResult>? _order = orderedWindow is int window ? new ReorderBuffer<FetchResult>(window) : null;
    private readonly List<FetchResult> _released = [];
    private bool _closed;

    /// <summary>Whether the record numbered <paramref name="sequence"/> may be started now: the output keeps up, and with <c>--ordered</c> the window has room.</summary>
    public bool HasRoom(long sequence)
    {
        lock (_gate)
        {
            return writer.HasRoom && (_order is null || _order.HasRoom(sequence));
        }
    }

    /// <summary>Whether the output keeps up with the records (false while a slow reader leaves a backlog).</summary>
    public bool OutputHasRoom => writer.HasRoom;

    /// <summary>No write waits for a stalled reader from now on (<see cref="IRecordWriter.StopWaiting"/>). Takes no lock: a write may be waiting.</summary>
    public void StopWaiting() => writer.StopWaiting();

    /// <summary>Calls <paramref name="callback"/> when the output has room again after a backlog.</summary>
    public void OnRoom(Action callback) => writer.OnRoom(callback);

    public void Emit(long sequence, FetchResult record)
    {
        lock (_gate)
        {
            if (_order is null)
            {
                WriteOne(record);
                return;
            }
            _order.Add(sequence, record, _released);
            WriteReleased();
        }
    }

    /// <summary>The record numbered <paramref name="sequence"/> will never come (dropped when the run stopped).</summary>
    public void Skip(long sequence)
    {
        lock (_gate)
        {
            if (_order is not null)
            {
                _order.Skip(sequence, _released);
                WriteReleased();
            }
        }
    }

    /// <summary>Writes whatever is still held back, in order (at the end of the run).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_order is not null)
            {
                _order.Flush(_released);
                WriteReleased();
            }
        }
    }

    /// <summary>
    /// Waits until every record handed on has been written; an output that failed is reported
    /// as on a write. False when a stalled output was given up on (<see cref="IRecordWriter.Complete"/>).
    /// </summary>
    public bool Complete(CancellationToken giveUp = default)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return true;
            }
            try
            {
                return writer.Complete(giveUp);
            }
            catch (OutputFailedException e)
            {
                _closed = true;
                outputFailed(e);
                return true;
            }
        }
    }

    private void WriteReleased()
    {
        foreach (FetchResult record in _released)
        {
            WriteOne(record);
        }
        _released.Clear();
    }

    private void WriteOne(FetchResult record)
    {
        if (_closed)
        {
            return;
        }
        try
        {
            writer.Write(record);
            statistics.Count(record);
        }
        catch (OutputFailedException e)
        {
            _closed = true;
            outputFailed(e);
        }
    }
}
