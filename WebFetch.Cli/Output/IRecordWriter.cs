using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>Writes records in one output format. Throws <see cref="OutputFailedException"/> when the output cannot take them.</summary>
internal interface IRecordWriter : IDisposable
{
    void Write(FetchResult record);

    /// <summary>Whether the output keeps up: false while a backlog waits for a slow reader.</summary>
    bool HasRoom { get; }

    /// <summary>Calls <paramref name="callback"/> (from any thread) when room comes back after <see cref="HasRoom"/> was false.</summary>
    void OnRoom(Action callback);

    /// <summary>
    /// Waits until every record written so far has reached the output; takes no more records
    /// after. Once <paramref name="giveUp"/> is cancelled, a stalled output gets one more
    /// second and the rest is abandoned: false.
    /// </summary>
    bool Complete(CancellationToken giveUp = default);

    /// <summary>
    /// From now on a write never waits for a stalled reader, past any limit: the run is
    /// stopping, its last records (the <c>interrupted</c> ones) must not hold it, and
    /// <see cref="Complete"/> abandons what the reader does not take. Safe from any thread,
    /// also while a write waits.
    /// </summary>
    void StopWaiting();
}
