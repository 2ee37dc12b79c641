using System.Buffers;

namespace WebFetch.Fetching;

/// <summary>
/// A response body read into pooled memory, at most <c>limit</c> bytes after decompression.
/// Reading to memory first keeps the whole-request timeout in force for every byte (a
/// trickling server cannot hold the parser) and lets the page be decoded in one pass.
/// </summary>
internal sealed class BodyBuffer : IDisposable
{
    private byte[] _buffer;

    private BodyBuffer(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>
    /// Reads the body. <paramref name="expectedLength"/> (a Content-Length) sizes the first
    /// buffer, one byte larger so that the end is seen without growing it; it is only a hint:
    /// the body may be shorter or longer, and the cap holds either way.
    /// </summary>
    public static async Task<BodyBuffer> ReadAsync(Stream body, long limit, long? expectedLength, CancellationToken cancellationToken)
    {
        int cap = (int)Math.Min(limit, Array.MaxLength - 1);
        long first = expectedLength is long expected and >= 0 ? expected + 1 : 16 * 1024;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(cap + 1L, first));
        int filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap + 1L));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await body.ReadAsync(buffer.AsMemory(filled, Math.Min(buffer.Length, cap + 1) - filled), cancellationToken)
                    .ConfigureAwait(false);
                if (read == 0)
                {
                    return new BodyBuffer(buffer, filled);
                }
                filled += read;
                if (filled > cap)
                {
                    throw new BodyTooLargeException(limit, cap);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        byte[] buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
