using System.IO.Compression;

namespace WebFetch.Fetching;

/// <summary>
/// The bytes of a sitemap as a read-only stream: gunzipped when they start with gzip's magic
/// bytes (1f 8b), whatever the Content-Type said, and cut after a number of bytes (a gzip
/// bomb stops there). The first bytes are read ahead into <see cref="Head"/>, so that the
/// parser can tell XML from a plain list of URLs before it reads.
/// </summary>
internal sealed class SitemapStream : Stream
{
    private const int HeadBytes = 512;

    private readonly Stream _inner;
    private readonly long _limit;
    private readonly byte[] _head;
    private int _headLength;
    private int _headRead;
    private long _position;

    /// <summary>
    /// Reads from <paramref name="raw"/>, which it owns from then on, gunzipped when
    /// <paramref name="gzip"/>, at most <paramref name="limit"/> bytes after gzip.
    /// </summary>
    public SitemapStream(Stream raw, bool gzip, long limit)
    {
        _limit = limit;
        _inner = gzip ? new GZipStream(raw, CompressionMode.Decompress, leaveOpen: false) : raw;
        IsGzip = gzip;
        _head = new byte[HeadBytes];
        try
        {
            while (_headLength < HeadBytes && ReadLimited(_head.AsSpan(_headLength)) is int read and > 0)
            {
                _headLength += read;
            }
        }
        catch
        {
            _inner.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="bytes"/> start with gzip's magic bytes.</summary>
    public static bool StartsWithGzipMagic(ReadOnlySpan<byte> bytes) => bytes is [0x1f, 0x8b, ..];

    /// <summary>Whether the bytes were gzip.</summary>
    public bool IsGzip { get; }

    /// <summary>Whether the bytes went on past the limit (those past it are not read).</summary>
    public bool LimitReached { get; private set; }

    /// <summary>The first bytes (after gzip), read ahead; the stream returns them first.</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position - (_headLength - _headRead);
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_headRead < _headLength)
        {
            int count = Math.Min(buffer.Length, _headLength - _headRead);
            _head.AsSpan(_headRead, count).CopyTo(buffer);
            _headRead += count;
            return count;
        }
        return ReadLimited(buffer);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Reads from the inner stream, never past the limit; one byte more is asked for to tell a body exactly at the limit from a longer one.</summary>
    private int ReadLimited(Span<byte> buffer)
    {
        long room = _limit - _position;
        if (room <= 0)
        {
            if (!LimitReached && buffer.Length > 0)
            {
                Span<byte> probe = stackalloc byte[1];
                LimitReached = _inner.Read(probe) > 0;
            }
            return 0;
        }
        int read = _inner.Read(buffer[..(int)Math.Min(buffer.Length, room)]);
        _position += read;
        return read;
    }
}
