using System.Buffers;
using System.Numerics;

namespace WebFetch.Fetching;

/// <summary>
/// A response body read into memory, at most <c>limit</c> bytes after decompression.
/// Reading to memory first keeps the whole-request timeout in force for every byte (a
/// trickling server cannot hold the parser) and lets the page be decoded in one pass.
/// </summary>
/// <remarks>
/// A body of up to <see cref="PooledMax"/> bytes is read into a pooled array, sized by its
/// Content-Length when there is one. A larger body moves to a <see cref="NativeBuffer{T}"/>
/// that grows by at most <see cref="GrowthStep"/> at a time (never to twice the body, as
/// doubling would) and is freed as soon as the body is no longer needed. With a
/// <see cref="MemoryLease"/> every byte of buffer is taken from the worker's budget before it
/// is allocated, so a body waits for room, or fails, rather than pass the budget.
/// </remarks>
internal sealed class BodyBuffer : IDisposable
{
    /// <summary>Bodies up to this size stay in pooled arrays, as the pool keeps arrays of this size cheaply.</summary>
    public const int PooledMax = 1 << 20;

    /// <summary>How much a large body's buffer grows at most at a time.</summary>
    public const int GrowthStep = 16 << 20;

    private readonly MemoryLease? _lease;
    private byte[]? _pooled;
    private NativeBuffer<byte>? _native;
    private long _taken;

    private BodyBuffer(MemoryLease? lease)
    {
        _lease = lease;
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _native is not null ? _native.GetSpan()[..Length] : _pooled.AsSpan(0, Length);

    /// <summary>Whether the body is in unmanaged memory, which <see cref="Release"/> frees early.</summary>
    public bool IsLarge => _native is not null;

    /// <summary>
    /// Reads the body. <paramref name="expectedLength"/> (a Content-Length) sizes the first
    /// buffer, one byte larger so that the end is seen without growing it; it is only a hint:
    /// the body may be shorter or longer, and the cap holds either way.
    /// </summary>
    public static Task<BodyBuffer> ReadAsync(Stream body, long limit, long? expectedLength, CancellationToken cancellationToken) =>
        ReadAsync(body, limit, expectedLength, lease: null, cancellationToken);

    /// <summary>Reads the body with its buffer taken from <paramref name="lease"/> (none: not counted).</summary>
    public static async Task<BodyBuffer> ReadAsync(Stream body, long limit, long? expectedLength, MemoryLease? lease, CancellationToken cancellationToken)
    {
        int cap = (int)Math.Min(limit, Array.MaxLength - 1);
        long end = cap + 1L; // the buffer never needs more: one byte past the cap says it is too large
        long first = Math.Min(end, expectedLength is long expected and >= 0 ? Math.Min(expected + 1, GrowthStep) : 16 * 1024);
        var buffer = new BodyBuffer(lease);
        try
        {
            await buffer.GrowToAsync((int)first, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                int capacity = buffer.Capacity;
                if (buffer.Length == capacity)
                {
                    long larger = capacity < PooledMax ? (long)capacity * 2 : capacity + Math.Min(capacity, (long)GrowthStep);
                    await buffer.GrowToAsync((int)Math.Min(larger, end), cancellationToken).ConfigureAwait(false);
                    capacity = buffer.Capacity;
                }
                int read = await body.ReadAsync(buffer.Writable(capacity), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer;
                }
                buffer.Length += read;
                if (buffer.Length > cap)
                {
                    throw new BodyTooLargeException(limit, cap);
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Frees a large body's memory (and gives it back to the budget) once its bytes are not needed any more.</summary>
    public void Release()
    {
        if (_native is not null)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        byte[]? pooled = Interlocked.Exchange(ref _pooled, null);
        if (pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
        if (Interlocked.Exchange(ref _native, null) is IDisposable native)
        {
            native.Dispose();
        }
        _lease?.Give(Interlocked.Exchange(ref _taken, 0));
    }

    private int Capacity => _native?.Length ?? _pooled?.Length ?? 0;

    private Memory<byte> Writable(int capacity) =>
        _native is not null ? _native.Memory[Length..capacity] : _pooled.AsMemory(Length, capacity - Length);

    /// <summary>
    /// Makes the buffer at least <paramref name="size"/> bytes long, keeping what it holds.
    /// The new memory is taken from the lease before it is allocated, and the old given back
    /// once freed.
    /// </summary>
    private async ValueTask GrowToAsync(int size, CancellationToken cancellationToken)
    {
        if (_native is null && size <= PooledMax)
        {
            // What the shared pool hands out: the next power of two, at least 16.
            await TakeAsync((int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(size, 16)), cancellationToken).ConfigureAwait(false);
            byte[] larger = ArrayPool<byte>.Shared.Rent(size);
            ReturnPooled(larger);
            _pooled = larger;
            return;
        }
        if (_native is null)
        {
            await TakeAsync(size, cancellationToken).ConfigureAwait(false);
            var native = new NativeBuffer<byte>(size);
            ReturnPooled(native.GetSpan());
            _pooled = null;
            _native = native;
            return;
        }
        await TakeAsync(size - _native.Length, cancellationToken).ConfigureAwait(false);
        _native.Resize(size);
    }

    /// <summary>Copies what the pooled array holds to <paramref name="destination"/>, returns the array and gives its bytes back.</summary>
    private void ReturnPooled(Span<byte> destination)
    {
        if (_pooled is byte[] old)
        {
            old.AsSpan(0, Length).CopyTo(destination);
            ArrayPool<byte>.Shared.Return(old);
            _taken -= old.Length;
            _lease?.Give(old.Length);
        }
    }

    private async ValueTask TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        if (_lease is not null)
        {
            await _lease.TakeAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        _taken += bytes;
    }
}
