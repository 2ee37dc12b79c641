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
/// A slow reader slows the run down, but without blocking the callers: once
/// <see cref="MaxPending"/> bytes wait, <see cref="HasRoom"/> turns false and the dispatcher
/// starts nothing new until the thread has taken the batch, when <see cref="OnRoom"/>'s
/// callback wakes it. Blocked thread-pool threads would starve the parent's reading of its
/// workers' heartbeats, and healthy workers would be killed as silent. Only past
/// <see cref="HardLimit"/>, which the dispatcher's window keeps far away, does a caller block,
/// and not even then once <see cref="StopWaiting"/> was called (a stop whose grace period is
/// over: its last records then only wait for <see cref="Complete"/> to abandon them). A
/// failed write (EPIPE, a full disk) stops the thread; the failure is thrown, as an
/// <see cref="IOException"/>, by the next <see cref="Write(ReadOnlySpan{byte})"/> and by
/// <see cref="Complete"/>, which also waits until everything accepted has been written.
/// </remarks>
internal sealed class WriteBehindStream : Stream
{
    /// <summary>Bytes waiting beyond which <see cref="HasRoom"/> is false.</summary>
    public const int MaxPending = 1 << 20;

    /// <summary>Bytes waiting beyond which a caller blocks: a bound on memory whatever the callers do.</summary>
    public const int HardLimit = 32 << 20;

    private readonly Stream _inner;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private ArrayBufferWriter<byte> _pending = new(1 << 16);
    private ArrayBufferWriter<byte> _writing = new(1 << 16);
    private bool _completed;
    private Exception? _failure;
    private volatile Action? _onRoom;
    private bool _abandoned;
    private bool _noWaiting;

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

    /// <summary>Whether more may be written without growing the backlog past <see cref="MaxPending"/> (true once the output has failed: the next write reports it).</summary>
    public bool HasRoom
    {
        get
        {
            lock (_gate)
            {
                return _failure is not null || _pending.WrittenCount < MaxPending;
            }
        }
    }

    /// <summary>Calls <paramref name="callback"/>, on the writing thread, whenever room comes back after <see cref="HasRoom"/> was false.</summary>
    public void OnRoom(Action callback) => _onRoom = callback;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            while (_failure is null && !_completed && !_noWaiting && _pending.WrittenCount > 0 && _pending.WrittenCount + buffer.Length > HardLimit)
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

    /// <summary>From now on no write waits, past the hard limit too; a write waiting now returns.</summary>
    public void StopWaiting()
    {
        lock (_gate)
        {
            _noWaiting = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Nothing to do: the thread writes and flushes each batch as soon as it can.</summary>
    public override void Flush()
    {
    }

    /// <summary>
    /// Accepts no more, waits until everything accepted is written, and throws a write failure.
    /// Once <paramref name="giveUp"/> is cancelled (a stop whose grace period is over), the
    /// output gets <see cref="Timings.OutputLastChance"/> more; a reader that takes nothing in that time
    /// will not get the rest, which is abandoned: returns false.
    /// </summary>
    public bool Complete(CancellationToken giveUp = default)
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
        while (!_thread.Join(Timings.OutputJoinPoll))
        {
            if (giveUp.IsCancellationRequested)
            {
                if (!_thread.Join(Timings.OutputLastChance))
                {
                    _abandoned = true;
                    return false;
                }
                break;
            }
        }
        lock (_gate)
        {
            ThrowIfFailed();
        }
        return true;
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
        bool wasFull;
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
                wasFull = _pending.WrittenCount >= MaxPending;
                (_pending, _writing) = (_writing, _pending);
                Monitor.PulseAll(_gate);
            }
            if (wasFull)
            {
                _onRoom?.Invoke();
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
        if (disposing && !_abandoned)
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
