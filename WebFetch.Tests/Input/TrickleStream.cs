using WebFetch.Tests.Support;

namespace WebFetch.Tests.Input;

/// <summary>A read-only stream over fixed bytes that hands out at most <c>chunk</c> bytes per read.</summary>
internal sealed class TrickleStream(byte[] bytes, int chunk) : ReadOnlyTestStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, chunk), bytes.Length - _position);
        bytes.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
