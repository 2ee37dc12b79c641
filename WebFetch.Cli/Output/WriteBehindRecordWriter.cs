using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>
/// What every output format shares: its bytes go through one <see cref="WriteBehindStream"/>
/// (at once when the output is idle, in batches when records come faster than single writes),
/// and a failed write is an <see cref="OutputFailedException"/>. A format only turns a record
/// into bytes and calls <see cref="Send"/>, under its own lock.
/// </summary>
internal abstract class WriteBehindRecordWriter(Stream output) : IRecordWriter
{
    private readonly WriteBehindStream _output = new(output);

    public abstract void Write(FetchResult record);

    /// <summary>Hands one record's bytes to the output.</summary>
    protected void Send(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _output.Write(bytes);
        }
        catch (IOException e)
        {
            throw new OutputFailedException(e);
        }
    }

    public bool HasRoom => _output.HasRoom;

    public void OnRoom(Action callback) => _output.OnRoom(callback);

    public void StopWaiting() => _output.StopWaiting();

    public bool Complete(CancellationToken giveUp = default)
    {
        try
        {
            return _output.Complete(giveUp);
        }
        catch (IOException e)
        {
            throw new OutputFailedException(e);
        }
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _output.Dispose();
        }
    }
}
