namespace WebFetch.Crawl;

/// <summary>
/// One sorted run of queued URLs in the spill file, read back a chunk at a time
/// (<see cref="Defaults.FrontierChunkUrls"/> URLs): where its chunks are, and the chunk read now.
/// </summary>
internal sealed class FrontierSegment(IReadOnlyList<(long Offset, int Length)> chunks)
{
    private readonly Queue<UrlState> _read = new();
    private int _nextChunk;

    /// <summary>The next URL of the run, reading its next chunk when needed; false when the run is all read.</summary>
    public bool TryPeek(FrontierFile file, out UrlState state)
    {
        if (_read.Count == 0 && _nextChunk < chunks.Count)
        {
            (long offset, int length) = chunks[_nextChunk++];
            byte[] bytes = new byte[length];
            file.Read(offset, bytes);
            using var reader = new BinaryReader(new MemoryStream(bytes));
            while (reader.BaseStream.Position < length)
            {
                _read.Enqueue(FrontierCodec.Read(reader));
            }
        }
        return _read.TryPeek(out state!);
    }

    public UrlState Take() => _read.Dequeue();
}
