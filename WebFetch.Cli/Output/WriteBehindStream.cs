using System.Buffers;

namespace WebFetch.Output;

/// <summary>
/// The record output, written behind the callers: <see cref="Write(ReadOnlySpan{byte})"/>
/// appends to a buffer and returns, and one thread writes whatever has gathered with one
/// write to the underlying stream. An idle output gets each record at once (the thread is
/// waiting for it); a fast run gets records in batches, one system call and one wake-up of
/// the reader per batch instead of per record.
/// </summary>
/// <remarks>
/// At most <see cref="MaxPending"/> bytes wait: beyond that a caller blocks until the thread
/// has written, so a slow reader still slows the run down instead of growing the buffer. A
/// failed write (EPIPE, a full disk) stops the thread; the failure is thrown, as an
/// <see cref="IOException"/>, by the next <see cref="Write(ReadOnlySpan{byte})"/> and by
/// <see cref="Complete"/>, which also waits until everything accepted has been written.
/// </remarks>
internal sealed class WriteBehindStream : Stream
{
    /// <summary>The most bytes accepted but not yet written.</summary>
    public const int MaxPending = 1 << 20;

    private readonly Stream _inner;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private ArrayBufferWriter<byte> _pending = new(1 << 16);
    private ArrayBufferWriter<byte> _writing = new(1 << 16);
    private bool _completed;
    private Exception? _failure;

    public WriteBehindStream(Stream inner)
    {
        _inner = inner;
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "output" };
        _thread.Start();
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            while (_failure is null && !_completed && _pending.WrittenCount > 0 && _pending.WrittenCount + buffer.Length > MaxPending)
            {
                Monitor.Wait(_gate);
            }
            ThrowIfFailed();
            ObjectDisposedException.ThrowIf(_completed, this);
            _pending.Write(buffer);
            Monitor.PulseAll(_gate);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Nothing to do: the thread writes and flushes each batch as soon as it can.</summary>
    public override void Flush()
    {
    }

    /// <summary>Accepts no more, waits until everything accepted is written, and throws a write failure.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
        _thread.Join();
        lock (_gate)
        {
            ThrowIfFailed();
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new IOException(_failure.Message, _failure);
        }
    }

    private void WriteLoop()
    {
        while (true)
        {
            lock (_gate)
            {
                while (_pending.WrittenCount == 0 && !_completed)
                {
                    Monitor.Wait(_gate);
                }
                if (_pending.WrittenCount == 0)
                {
                    return;
                }
                (_pending, _writing) = (_writing, _pending);
                Monitor.PulseAll(_gate);
            }
            try
            {
                _inner.Write(_writing.WrittenSpan);
                _inner.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
            {
                lock (_gate)
                {
                    _failure = e;
                    Monitor.PulseAll(_gate);
                }
                return;
            }
            _writing.ResetWrittenCount();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                Complete();
            }
            catch (IOException)
            {
                // already reported by Complete or the next Write, or nobody is left to tell
            }
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
