using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WebFetch.Text;

namespace WebFetch.Protocol;

/// <summary>
/// Framing of the dispatch connection: each side sends exactly one JSON document on one
/// line terminated by <c>\n</c>. Reads are bounded: a line longer than the limit is a
/// <see cref="ProtocolException"/>, never an unbounded buffer.
/// </summary>
internal static class LineProtocol
{
    /// <summary>Longest request line a worker accepts (the URL is capped far below this).</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>Longest result line the parent accepts (titles and selections are capped by the worker).</summary>
    public const int MaxResultBytes = 4 * 1024 * 1024;

    public static Task WriteAsync<T>(Stream stream, T message, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        WriteLineAsync(stream, Encode(message, typeInfo), cancellationToken);

    /// <summary>The message as one line, its <c>\n</c> included.</summary>
    public static ReadOnlyMemory<byte> Encode<T>(T message, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, message, typeInfo);
        }
        buffer.Write("\n"u8);
        return buffer.WrittenMemory;
    }

    /// <summary>
    /// A worker's answer as one line that the parent accepts: a result whose line would exceed
    /// <see cref="MaxResultBytes"/> (many <c>--select</c> values of escaped text, say) loses
    /// its selections and link URLs and becomes a <c>too_large</c> error that says why, instead
    /// of a line the parent would refuse and retry as a lost URL.
    /// </summary>
    public static ReadOnlyMemory<byte> EncodeResult(FetchResult result)
    {
        ReadOnlyMemory<byte> line = Encode(result, ProtocolJson.Compact.FetchResult);
        if (line.Length - 1 <= MaxResultBytes)
        {
            return line;
        }
        FetchResult shorter = result with
        {
            Select = null,
            LinkUrls = null,
            LinksTruncated = null,
            FoundLinks = null,
            LinksSkipped = null,
            Anchors = null,
            AnchorsTruncated = null,
            Error = new FetchError(ErrorKind.TooLarge,
                $"the record with its selections and links comes to {line.Length - 1} bytes, above the {MaxResultBytes}-byte limit of a record"),
        };
        return Encode(shorter, ProtocolJson.Compact.FetchResult);
    }

    public static async Task WriteLineAsync(Stream stream, ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads one line and deserializes it. Returns null when the peer closed the
    /// connection before sending a single byte (the worker died, or nothing was sent).
    /// </summary>
    public static async Task<T?> ReadAsync<T>(Stream stream, JsonTypeInfo<T> typeInfo, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        byte[]? line = await ReadLineAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false);
        if (line is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(line, typeInfo) ?? throw new ProtocolException("the line holds JSON null");
        }
        catch (JsonException e)
        {
            throw new ProtocolException($"the line is not a valid message: {e.Message}");
        }
    }

    /// <summary>
    /// Reads bytes up to the first <c>\n</c> (not included). Null on EOF before any byte;
    /// <see cref="ProtocolException"/> on EOF mid-line or when the line exceeds <paramref name="maxBytes"/>.
    /// Bytes after the newline are ignored: a connection carries one line each way.
    /// </summary>
    public static async Task<byte[]?> ReadLineAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var lines = new LineSplitter(maxBytes, LineEnds.Lf, chunkBytes: Math.Min(maxBytes + 1, 4096), maxChunkBytes: maxBytes + 1);
        while (true)
        {
            int read = await stream.ReadAsync(lines.Chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (lines.PendingLength == 0)
                {
                    return null;
                }
                throw new ProtocolException($"connection closed after {lines.PendingLength} bytes, before the end of the line");
            }
            lines.Take(read);
            if (lines.TryReadLine(out ReadOnlySpan<byte> line))
            {
                return lines.Truncated ? throw TooLong(maxBytes) : line.ToArray();
            }
            if (lines.PendingTruncated)
            {
                throw TooLong(maxBytes);
            }
        }
    }

    private static ProtocolException TooLong(int maxBytes) => new($"line longer than {maxBytes} bytes");
}
