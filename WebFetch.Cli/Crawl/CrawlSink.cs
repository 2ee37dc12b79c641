using WebFetch.Output;
using WebFetch.Protocol;

namespace WebFetch.Crawl;

/// <summary>
/// The crawl as a record sink: every record goes back to the crawl first (its links feed the
/// frontier); what the crawl writes now (OK records, with the referrers known) goes on to
/// the run's sink, and at the end (<see cref="Flush"/>) the broken links, each with every
/// referrer found. A robots.txt fetch has no record of its own. <c>written</c> sees every record
/// handed on (what the reports are made of).
/// </summary>
internal sealed class CrawlSink(CrawlHub hub, IRecordSink inner, Action<FetchResult> written) : IRecordSink
{
    /// <summary>Sequence numbers for the records written at the end, after any the pipeline gave.</summary>
    private long _extra = long.MaxValue / 2;

    public bool HasRoom(long sequence) => inner.HasRoom(sequence);

    public bool OutputHasRoom => inner.OutputHasRoom;

    public void OnRoom(Action callback) => inner.OnRoom(callback);

    public void Emit(long sequence, FetchResult record)
    {
        IReadOnlyList<FetchResult> now = hub.OnRecord(record);
        if (now.Count == 0)
        {
            inner.Skip(sequence);
            return;
        }
        Write(sequence, now[0]);
        for (int i = 1; i < now.Count; i++)
        {
            Write(Interlocked.Increment(ref _extra), now[i]);
        }
    }

    public void Skip(long sequence) => inner.Skip(sequence);

    public void Flush()
    {
        foreach (FetchResult record in hub.Finish())
        {
            Write(Interlocked.Increment(ref _extra), record);
        }
        inner.Flush();
    }

    private void Write(long sequence, FetchResult record)
    {
        written(record);
        inner.Emit(sequence, record);
    }

    public void StopWaiting() => inner.StopWaiting();

    public bool Complete(CancellationToken giveUp = default) => inner.Complete(giveUp);
}
