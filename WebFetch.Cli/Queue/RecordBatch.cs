using System.Buffers;

namespace WebFetch.Queue;

/// <summary>
/// Records of one run in one message: their jobs' keys in the <see cref="QueueNames.JobHeader"/>
/// header, separated by spaces, and their JSON in the body, one record per line in the same
/// order (compact JSON has no line break in it). A message of one record is the same with one
/// key and one line. A batch being filled also carries its fate (<see cref="Stored"/>): the jobs
/// of its records are acknowledged once the server has stored it.
/// </summary>
internal sealed class RecordBatch(string run)
{
    private readonly List<string> _keys = [];
    private readonly ArrayBufferWriter<byte> _body = new();
    private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _keyBytes;

    public string Run => run;

    public int Count => _keys.Count;

    /// <summary>Bytes of the message's body and of its keys' header value.</summary>
    public int Size => _body.WrittenCount + _keyBytes;

    /// <summary>Completes when the server has stored the batch; fails when it never will (the agent aborts).</summary>
    public Task Stored => _stored.Task;

    /// <summary>Whether a record of <paramref name="length"/> bytes for <paramref name="key"/> keeps the batch within <paramref name="limit"/> bytes; an empty batch takes any record (each is cut to fit a message on its own, <see cref="RecordFit"/>).</summary>
    public bool Fits(string key, int length, int limit) => Count == 0 || Size + 1 + length + 1 + key.Length <= limit;

    public void Add(string key, ReadOnlySpan<byte> record)
    {
        if (Count > 0)
        {
            _body.Write("\n"u8);
            _keyBytes++;
        }
        _body.Write(record);
        _keys.Add(key);
        _keyBytes += key.Length;
    }

    /// <summary>The value of the <see cref="QueueNames.JobHeader"/> header.</summary>
    public string Header => string.Join(' ', _keys);

    public ReadOnlyMemory<byte> Body => _body.WrittenMemory;

    public void Complete() => _stored.TrySetResult();

    public void Fail(Exception reason) => _stored.TrySetException(reason);

    /// <summary>
    /// Reads a message of records: each job key of <paramref name="header"/> with its line of
    /// <paramref name="body"/>, added to <paramref name="records"/>. False, and nothing added,
    /// when the message is not one webfetch writes: a key that does not parse, or not as many
    /// lines as keys.
    /// </summary>
    public static bool TryRead(string? header, ReadOnlyMemory<byte> body, List<(JobKey Key, ReadOnlyMemory<byte> Record)> records)
    {
        if (string.IsNullOrEmpty(header) || body.IsEmpty)
        {
            return false;
        }
        int start = records.Count;
        ReadOnlySpan<char> keys = header;
        ReadOnlyMemory<byte> rest = body;
        foreach (Range range in keys.Split(' '))
        {
            int end = rest.Span.IndexOf((byte)'\n');
            ReadOnlyMemory<byte> line = end < 0 ? rest : rest[..end];
            if (line.IsEmpty || !JobKey.TryParse(header[range], out JobKey key))
            {
                records.RemoveRange(start, records.Count - start);
                return false;
            }
            records.Add((key, line));
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
        }
        if (!rest.IsEmpty)
        {
            records.RemoveRange(start, records.Count - start);
            return false;
        }
        return true;
    }
}
