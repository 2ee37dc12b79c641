using System.Buffers;
using System.Text.Json;
using WebFetch.Protocol;

namespace WebFetch.Output;

/// <summary>
/// Writes each record as one JSON line through a <see cref="WriteBehindStream"/>: at once when
/// the output is idle, so <c>| jq</c> and <c>| head</c> see records as they complete, and in
/// batches when records come faster than single writes. Thread-safe.
/// </summary>
internal sealed class RecordWriter(Stream output) : WriteBehindRecordWriter(output)
{
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter? _json;

    public override void Write(FetchResult record)
    {
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            if (_json is null)
            {
                _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = ProtocolJson.Compact.Options.Encoder });
            }
            else
            {
                _json.Reset(_buffer);
            }
            JsonSerializer.Serialize(_json, record, ProtocolJson.Compact.FetchResult);
            _json.Flush();
            _buffer.Write("\n"u8);
            Send(_buffer.WrittenSpan);
        }
    }

    /// <summary>
    /// Stdout as a plain file stream on fd 1. Console's own stream silently drops writes
    /// that fail with EPIPE, which would keep a run going long after <c>| head</c> left.
    /// </summary>
    public static Stream OpenStandardOutput() =>
        new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _json?.Dispose();
        }
        base.Dispose(disposing);
    }
}
