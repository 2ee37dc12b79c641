using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>
/// Passes to its writer only the records that <c>--only-failed</c> or <c>--only-ok</c> asks
/// for, and counts the others. The sink counts every record it is handed, written or not, so
/// the summary still tells of every URL. Thread-safe as its writer is.
/// </summary>
internal sealed class FilteredRecordWriter(IRecordWriter writer, RecordFilter filter) : IRecordWriter
{
    private long _leftOut;

    /// <summary>The records not written because the filter left them out.</summary>
    public long LeftOut => Interlocked.Read(ref _leftOut);

    /// <summary>The option that asked for the filter, as the summary names it.</summary>
    public string OptionName => filter == RecordFilter.OnlyFailed ? "--only-failed" : "--only-ok";

    public static bool Keeps(RecordFilter filter, FetchResult record) => filter switch
    {
        RecordFilter.OnlyFailed => record.Error is not null,
        RecordFilter.OnlyOk => record.Error is null,
        _ => true,
    };

    public void Write(FetchResult record)
    {
        if (Keeps(filter, record))
        {
            writer.Write(record);
        }
        else
        {
            Interlocked.Increment(ref _leftOut);
        }
    }

    public bool HasRoom => writer.HasRoom;

    public void OnRoom(Action callback) => writer.OnRoom(callback);

    public bool Complete(CancellationToken giveUp = default) => writer.Complete(giveUp);

    public void StopWaiting() => writer.StopWaiting();

    public void Dispose() => writer.Dispose();
}
