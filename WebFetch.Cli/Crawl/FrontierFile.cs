using Microsoft.Win32.SafeHandles;

namespace WebFetch.Crawl;

/// <summary>
/// The file the frontier spills to: made in a new directory only the user can enter (0700),
/// itself 0600, and both unlinked at once after opening, so the bytes live only as long as
/// the open handle: nothing is left behind however the crawl ends (its end, an error, SIGINT,
/// even SIGKILL). Written at its end, read anywhere. Not thread-safe.
/// </summary>
internal sealed class FrontierFile : IDisposable
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly FileStream _stream;
    private readonly string _parent;

    private FrontierFile(FileStream stream, string parent)
    {
        _stream = stream;
        _parent = parent;
    }

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Makes the file in a new private directory under <paramref name="parent"/>, then unlinks both.</summary>
    public static FrontierFile Create(string parent)
    {
        string directory = Path.Combine(parent, $"webfetch-frontier-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(directory, DirectoryMode);
            string path = Path.Combine(directory, "spill");
            var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = FileMode600,
            });
            try
            {
                File.Delete(path);
                Directory.Delete(directory);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
            return new FrontierFile(stream, parent);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryRemove(directory);
            throw new FrontierSpillException($"the crawl's frontier cannot spill to a file in {parent}: {e.Message} (set TMPDIR to a writable directory)", e);
        }
    }

    /// <summary>Appends <paramref name="bytes"/>; returns where they start.</summary>
    public long Append(ReadOnlySpan<byte> bytes)
    {
        long offset = Length;
        try
        {
            RandomAccess.Write(Handle, bytes, offset);
        }
        catch (IOException e)
        {
            throw new FrontierSpillException($"the crawl's frontier cannot write its spill file in {_parent}: {e.Message}", e);
        }
        Length += bytes.Length;
        return offset;
    }

    /// <summary>Reads <paramref name="buffer"/>'s length of bytes at <paramref name="offset"/>.</summary>
    public void Read(long offset, Span<byte> buffer)
    {
        try
        {
            while (buffer.Length > 0)
            {
                int read = RandomAccess.Read(Handle, buffer, offset);
                if (read == 0)
                {
                    throw new EndOfStreamException($"the spill file ends at {offset}");
                }
                buffer = buffer[read..];
                offset += read;
            }
        }
        catch (IOException e)
        {
            throw new FrontierSpillException($"the crawl's frontier cannot read its spill file in {_parent}: {e.Message}", e);
        }
    }

    /// <summary>Frees the file's blocks once nothing in it is needed (every segment read back).</summary>
    public void Clear()
    {
        _stream.SetLength(0);
        Length = 0;
    }

    public void Dispose() => _stream.Dispose();

    private SafeFileHandle Handle => _stream.SafeFileHandle;

    private static void TryRemove(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // nothing more to do: the error that brought us here is the one reported
        }
    }
}
