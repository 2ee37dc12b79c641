using System.Buffers;

namespace WebFetch.Text;

/// <summary>
/// Splits bytes read a chunk at a time into lines, holding at most one unfinished line and
/// never more than <c>maxLineBytes</c> of it: the bytes of a longer line past the bound are
/// dropped, and the line is returned cut, with <see cref="Truncated"/> set. A line that lies
/// whole in one chunk is returned from the chunk without a copy; one split across reads is
/// gathered in a pooled buffer that grows as needed, up to the bound.
/// </summary>
/// <remarks>
/// The loop of a reader: read into <see cref="Chunk"/>, hand the count to <see cref="Take"/>,
/// then <see cref="TryReadLine"/> until it returns false; at the end of the input,
/// <see cref="TryReadLast"/> returns a last line that has no line end. A line returned is valid
/// until the next call.
/// </remarks>
internal sealed class LineSplitter : IDisposable
{
    /// <summary>The chunk size for reading files: large enough that a read costs little per line.</summary>
    public const int FileChunkBytes = 64 * 1024;

    /// <summary>The first size of the buffer that gathers a line split across reads.</summary>
    private const int FirstLineBytes = 4096;

    private readonly int _maxLineBytes;
    private readonly LineEnds _ends;
    private readonly int _maxChunkBytes;
    private byte[] _chunk;
    private int _start;
    private int _end;
    private long _chunkOffset;
    private byte[] _line = [];
    private int _lineLength;
    private bool _lineTruncated;
    private bool _lineReturned;
    private bool _afterCr;

    /// <summary>
    /// A splitter that reads <paramref name="chunkBytes"/> at a time. With a larger
    /// <paramref name="maxChunkBytes"/>, a chunk read full without a line end is followed by one
    /// twice its size, up to that: a long line then takes few reads, and one over the bound is
    /// read to its end (a peer that sent it whole is not reset by unread bytes at close).
    /// </summary>
    public LineSplitter(int maxLineBytes, LineEnds ends, int chunkBytes = FileChunkBytes, int maxChunkBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLineBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        _maxLineBytes = Math.Min(maxLineBytes, Array.MaxLength);
        _ends = ends;
        _maxChunkBytes = Math.Max(chunkBytes, maxChunkBytes);
        _chunk = ArrayPool<byte>.Shared.Rent(chunkBytes);
    }

    /// <summary>Where the next read goes; read into it once the lines of the last chunk are all taken.</summary>
    public Memory<byte> Chunk => _chunk;

    /// <summary>Whether the line last returned lost its bytes past the bound.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Bytes of an unfinished line held (after the bound: at most the bound).</summary>
    public int PendingLength => _lineReturned ? 0 : _lineLength;

    /// <summary>Whether the unfinished line held is already longer than the bound.</summary>
    public bool PendingTruncated => !_lineReturned && _lineTruncated;

    /// <summary>Where in the input the unfinished line starts: the offset just past the last line end taken.</summary>
    public long LineStart { get; private set; }

    /// <summary>Takes the <paramref name="count"/> bytes just read into <see cref="Chunk"/>.</summary>
    public void Take(int count)
    {
        ObjectDisposedException.ThrowIf(_chunk.Length == 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _chunk.Length);
        if (_start < _end)
        {
            throw new InvalidOperationException("the lines of the last chunk were not all taken before the next read");
        }
        _chunkOffset += _end;
        _start = 0;
        _end = count;
        if (_afterCr && count > 0)
        {
            _afterCr = false;
            if (_chunk[0] == (byte)'\n')
            {
                _start = 1; // the LF of a CRLF split across reads
                LineStart = _chunkOffset + 1;
            }
        }
    }

    /// <summary>The next whole line of the chunk, without its line end; false when the chunk holds no more line end (its rest is kept for the next one).</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        ForgetReturnedLine();
        ReadOnlySpan<byte> rest = _chunk.AsSpan(_start, _end - _start);
        int found = _ends == LineEnds.Lf ? rest.IndexOf((byte)'\n') : rest.IndexOfAny((byte)'\n', (byte)'\r');
        if (found < 0)
        {
            Append(rest);
            _start = _end;
            if (_end == _chunk.Length && _chunk.Length < _maxChunkBytes)
            {
                GrowChunk();
            }
            line = default;
            return false;
        }
        int lineEnd = _start + found;
        line = Complete(_chunk.AsSpan(_start, found));
        _start = lineEnd + 1;
        if (_chunk[lineEnd] == (byte)'\r')
        {
            if (_start == _end)
            {
                _afterCr = true;
            }
            else if (_chunk[_start] == (byte)'\n')
            {
                _start++;
            }
        }
        LineStart = _chunkOffset + _start;
        return true;
    }

    /// <summary>At the end of the input: the last line, which has no line end; false when there is none.</summary>
    public bool TryReadLast(out ReadOnlySpan<byte> line)
    {
        ForgetReturnedLine();
        if (_start < _end)
        {
            throw new InvalidOperationException("the lines of the last chunk were not all taken");
        }
        if (_lineLength == 0 && !_lineTruncated)
        {
            line = default;
            return false;
        }
        Truncated = _lineTruncated;
        _lineReturned = true;
        line = _line.AsSpan(0, _lineLength);
        return true;
    }

    public void Dispose()
    {
        if (_chunk.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = [];
            _start = _end = 0;
        }
        if (_line.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_line);
            _line = [];
        }
    }

    /// <summary>The line that ends with <paramref name="tail"/>: from the chunk when nothing of it came before, else gathered.</summary>
    private ReadOnlySpan<byte> Complete(ReadOnlySpan<byte> tail)
    {
        if (_lineLength == 0 && !_lineTruncated)
        {
            Truncated = tail.Length > _maxLineBytes;
            return Truncated ? tail[.._maxLineBytes] : tail;
        }
        Append(tail);
        Truncated = _lineTruncated;
        _lineReturned = true;
        return _line.AsSpan(0, _lineLength);
    }

    private void ForgetReturnedLine()
    {
        if (_lineReturned)
        {
            _lineReturned = false;
            _lineLength = 0;
            _lineTruncated = false;
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        int room = _maxLineBytes - _lineLength;
        if (bytes.Length > room)
        {
            _lineTruncated = true;
            bytes = bytes[..room];
        }
        if (bytes.IsEmpty)
        {
            return;
        }
        int length = _lineLength + bytes.Length;
        if (length > _line.Length)
        {
            Grow(length);
        }
        bytes.CopyTo(_line.AsSpan(_lineLength));
        _lineLength = length;
    }

    /// <summary>The next chunk twice the size of the last, within the largest: the last one is all taken.</summary>
    private void GrowChunk()
    {
        byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * _chunk.Length, _maxChunkBytes));
        ArrayPool<byte>.Shared.Return(_chunk);
        _chunk = larger;
    }

    /// <summary>A pooled buffer of at least <paramref name="size"/> bytes, keeping the line gathered so far: doubled, within the bound.</summary>
    private void Grow(int size)
    {
        long doubled = Math.Max(FirstLineBytes, 2L * _line.Length);
        byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(size, doubled), _maxLineBytes));
        _line.AsSpan(0, _lineLength).CopyTo(larger);
        if (_line.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_line);
        }
        _line = larger;
    }
}
