using System.Runtime.Versioning;
using WebFetch.Fetching;
using WebFetch.Tests.Protocol;
using Xunit;

namespace WebFetch.Tests.Fetching;

[SupportedOSPlatform("linux")]
public sealed class BodyBufferTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(5));

    public void Dispose() => _timeout.Dispose();

    [Theory(Timeout = 10000)]
    [InlineData(0, 100)]
    [InlineData(1, 100)]
    [InlineData(100, 1000)]
    [InlineData(100_000, 1_000_000)]
    public async Task BodyUnderTheCapIsReadFully(int size, long limit)
    {
        byte[] data = Bytes(size);
        using var stream = new MemoryStream(data);

        using BodyBuffer body = await BodyBuffer.ReadAsync(stream, limit, expectedLength: null, _timeout.Token);

        Assert.Equal(size, body.Length);
        Assert.True(body.Span.SequenceEqual(data));
    }

    [Theory(Timeout = 10000)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(16 * 1024)]
    [InlineData(100_000)]
    public async Task BodyExactlyAtTheCapIsRead(int size)
    {
        byte[] data = Bytes(size);
        using var stream = new MemoryStream(data);

        using BodyBuffer body = await BodyBuffer.ReadAsync(stream, size, expectedLength: null, _timeout.Token);

        Assert.Equal(size, body.Length);
        Assert.True(body.Span.SequenceEqual(data));
    }

    [Theory(Timeout = 10000)]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(16 * 1024)]
    [InlineData(100_000)]
    public async Task BodyOneByteOverTheCapIsTooLarge(int limit)
    {
        using var stream = new MemoryStream(Bytes(limit + 1));

        await Assert.ThrowsAsync<BodyTooLargeException>(() => BodyBuffer.ReadAsync(stream, limit, expectedLength: null, _timeout.Token));
    }

    [Theory(Timeout = 10000)]
    [InlineData(0, 0L)]
    [InlineData(100_000, 100_000L)]
    [InlineData(100_000, 10L)]
    [InlineData(10, 100_000L)]
    [InlineData(40_000, 0L)]
    public async Task DeclaredLengthIsOnlyAHint(int size, long declared)
    {
        byte[] data = Bytes(size);
        using var stream = new MemoryStream(data);

        using BodyBuffer body = await BodyBuffer.ReadAsync(stream, 1 << 20, declared, _timeout.Token);

        Assert.Equal(data, body.Span.ToArray());
    }

    [Fact(Timeout = 10000)]
    public async Task DeclaredLengthBeyondTheCapStillStopsAtTheCap()
    {
        using var stream = new MemoryStream(Bytes(2000));

        await Assert.ThrowsAsync<BodyTooLargeException>(() => BodyBuffer.ReadAsync(stream, 1000, 1L << 40, _timeout.Token));
    }

    [Fact(Timeout = 10000)]
    public async Task EndlessBodyStopsJustPastTheCap()
    {
        const int Limit = 100_000;
        var stream = new EndlessStream((byte)'b');

        BodyTooLargeException error = await Assert.ThrowsAsync<BodyTooLargeException>(() => BodyBuffer.ReadAsync(stream, Limit, expectedLength: null, _timeout.Token));

        Assert.InRange(stream.BytesRead, Limit + 1, 2L * Limit);
        Assert.Contains(Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10000)]
    public async Task MemoryHoldsExactlyTheBytesRead()
    {
        byte[] data = Bytes(40_000);
        using var stream = new MemoryStream(data);
        using BodyBuffer body = await BodyBuffer.ReadAsync(stream, 1 << 20, expectedLength: null, _timeout.Token);

        Assert.Equal(data, body.Span.ToArray());
    }

    private static byte[] Bytes(int size)
    {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++)
        {
            data[i] = (byte)(i * 31 % 251);
        }
        return data;
    }
}
