using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>
/// Where a run's records go, each with its sequence number (its place in the input). The
/// pipeline asks before it starts a URL whether its record will have room, and hands over
/// exactly one record, or one <see cref="Skip"/>, per sequence number. Today's sink is
/// <see cref="RecordSink"/> (stdout or a file, JSON Lines or CSV, in completion or input order).
/// Implementations are thread-safe: records come from many tasks.
/// </summary>
internal interface IRecordSink
{
    /// <summary>Whether the record numbered <paramref name="sequence"/> may be started now (the output keeps up; an ordered sink has room in its window).</summary>
    bool HasRoom(long sequence);

    /// <summary>Whether the output keeps up with the records: while false, no more URLs start.</summary>
    bool OutputHasRoom { get; }

    /// <summary>Calls <paramref name="callback"/> whenever the output has room again after a backlog.</summary>
    void OnRoom(Action callback);

    void Emit(long sequence, FetchResult record);

    /// <summary>The record numbered <paramref name="sequence"/> will never come.</summary>
    void Skip(long sequence);

    /// <summary>Every record has been handed over: write what is held back.</summary>
    void Flush();

    /// <summary>The run is past its stop's deadline: from now on no write waits for a stalled reader. May be called while a write waits.</summary>
    void StopWaiting();

    /// <summary>
    /// Waits until every record handed over has reached its destination. False when a stalled
    /// destination was given up on once <paramref name="giveUp"/> fired; a destination that
    /// failed is reported as on a write.
    /// </summary>
    bool Complete(CancellationToken giveUp = default);
}
