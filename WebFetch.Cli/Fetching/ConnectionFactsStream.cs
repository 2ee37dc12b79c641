namespace WebFetch.Fetching;

/// <summary>
/// The stream HTTP reads and writes of a connection whose facts are asked for (<c>--fields</c>):
/// it passes everything through to <paramref name="inner"/> (the TLS stream, or the socket's),
/// and on an HTTP/1.x connection, where a request is written in the flow of the fetch that sends
/// it, it names its <see cref="ConnectionFacts"/> to that request (<see cref="ResponseFacts.Sending"/>)
/// on its first write. On HTTP/2, where one writer serves all the connection's requests, it does
/// not; there the request finds its connection by its origin (<see cref="ResponseFacts"/>).
/// </summary>
internal sealed class ConnectionFactsStream(Stream inner, ConnectionFacts facts, Action<ConnectionFacts> closed) : Stream
{
    private readonly bool _claims = facts.HttpVersion.Major < 2;
    private int _disposed;

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override bool CanTimeout => inner.CanTimeout;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int ReadTimeout
    {
        get => inner.ReadTimeout;
        set => inner.ReadTimeout = value;
    }

    public override int WriteTimeout
    {
        get => inner.WriteTimeout;
        set => inner.WriteTimeout = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count)
    {
        Claim();
        inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Claim();
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Claim();
        return inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Claim();
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Names the connection to the request being written, if it has none yet.</summary>
    private void Claim()
    {
        if (_claims && ResponseFacts.Sending is { Connection: null } request)
        {
            request.Connection = facts;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                inner.Dispose();
            }
            finally
            {
                closed(facts);
            }
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                closed(facts);
            }
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
