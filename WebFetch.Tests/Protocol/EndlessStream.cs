using WebFetch.Tests.Support;

namespace WebFetch.Tests.Protocol;

/// <summary>
/// A read-only stream that never ends: every read fills the buffer with one byte value
/// and counts what it handed out. A reader that buffers without bound never returns.
/// </summary>
internal sealed class EndlessStream(byte fill, int maxChunk = 4096) : ReadOnlyTestStream
{
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, maxChunk);
        buffer[..n].Fill(fill);
        BytesRead += n;
        return n;
    }
}
