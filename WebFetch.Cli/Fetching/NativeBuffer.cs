using System.Buffers;
using System.Runtime.InteropServices;

namespace WebFetch.Fetching;

/// <summary>
/// A buffer of unmanaged memory for a large body or its text. Freed when disposed, it goes
/// back to the system at once, where a large managed array would wait for a full collection
/// and a pooled one would stay in the pool; grown in place where the allocator can
/// (<c>realloc</c>), so growing does not hold the old and the new buffer side by side.
/// Nothing may use a span of it after it is disposed; for that reason it has no finalizer,
/// and its owner must dispose it.
/// </summary>
internal sealed unsafe class NativeBuffer<T> : MemoryManager<T> where T : unmanaged
{
    private T* _pointer;

    public NativeBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _pointer = (T*)NativeMemory.Alloc((nuint)Math.Max(length, 1), (nuint)sizeof(T));
        Length = length;
    }

    public int Length { get; private set; }

    /// <summary>Grows or shrinks the buffer to <paramref name="length"/> elements, keeping its content.</summary>
    public void Resize(int length)
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _pointer = (T*)NativeMemory.Realloc(_pointer, (nuint)Math.Max(length, 1) * (nuint)sizeof(T));
        Length = length;
    }

    public override Span<T> GetSpan() => _pointer is null ? [] : new Span<T>(_pointer, Length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)Length, nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_pointer is not null)
        {
            NativeMemory.Free(_pointer);
            _pointer = null;
            Length = 0;
        }
    }
}
