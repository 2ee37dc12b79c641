using WebFetch.Input;

namespace WebFetch.Output;

/// <summary>
/// Opens the <c>--output</c> and <c>--resume</c> files. A regular file is held with an
/// exclusive lock (flock(2), which .NET takes for <see cref="FileShare.None"/>): two runs
/// writing one file, such as a cron job that overlaps the next day's, would interleave their
/// records and cut lines in two. An output file is emptied only once the lock is held, so a
/// second run cannot wipe the first one's records. Readers that take no lock (<c>tail -f</c>,
/// <c>jq</c>) are not kept out, and devices and pipes (<c>/dev/null</c>, <c>/dev/stdout</c>,
/// a FIFO) are opened as they are, without a lock.
/// </summary>
internal static class OutputFiles
{
    /// <summary>EWOULDBLOCK from flock(2): .NET's IOException for a lock another process holds carries the errno as its HResult.</summary>
    private const int WouldBlock = 11;

    /// <summary>Opens <paramref name="path"/> to write from its start (<paramref name="append"/> false: emptied) or to read and append (true).</summary>
    public static FileStream Open(string path, bool append)
    {
        FileAccess access = append ? FileAccess.ReadWrite : FileAccess.Write;
        if (FileIdentity.Of(path) is { IsRegularFile: false })
        {
            return new FileStream(path, append ? FileMode.OpenOrCreate : FileMode.Create, access, FileShare.Read, bufferSize: 0);
        }
        var file = new FileStream(path, FileMode.OpenOrCreate, access, FileShare.None, bufferSize: 0);
        if (!append)
        {
            try
            {
                file.SetLength(0);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        return file;
    }

    /// <summary>Whether opening failed because another process holds the file's lock.</summary>
    public static bool InUse(Exception e) => e is IOException && e.HResult == WouldBlock;
}
