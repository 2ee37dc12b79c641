using Mono.Unix.Native;

namespace WebFetch.Input;

/// <summary>
/// Counts the lines that will yield a record (neither blank nor <c>#</c> comments) in regular
/// input files, cheaply, for the progress line's total. No total for stdin, pipes or devices.
/// </summary>
internal static class LineCounter
{
    public static long? CountRecordLines(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        if (files.Any(f => f == "-" || !IsRegularFile(f)))
        {
            return null;
        }
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        foreach (string file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            total += Count(stream, buffer, cancellationToken);
        }
        return total;
    }

    /// <summary>
    /// Counts the lines of <paramref name="stream"/> that <see cref="UrlLineParser.IsSkipped"/>
    /// keeps: a byte other than a C0 control or a space, and not <c>#</c>, before the line end; a
    /// UTF-8 byte order mark at the start is skipped, as <see cref="InputReader"/> skips it.
    /// </summary>
    public static long Count(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        long count = 0;
        bool atLineStart = true; // still in the leading blanks of a line
        int markMatched = 0; // bytes of a byte order mark seen at the start; -1 once past it
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (byte b in buffer.AsSpan(0, read))
            {
                if (markMatched >= 0)
                {
                    if (b == InputReader.ByteOrderMark[markMatched])
                    {
                        markMatched = markMatched == 2 ? -1 : markMatched + 1;
                        continue;
                    }
                    if (markMatched > 0)
                    {
                        atLineStart = false; // part of a mark, then something else: the line has content
                        count++;
                    }
                    markMatched = -1;
                }
                if (b is (byte)'\n' or (byte)'\r')
                {
                    atLineStart = true; // LF, CRLF and a lone CR all end a line, as the reader reads them
                }
                else if (atLineStart && !UrlLineParser.IsTrimmed(b))
                {
                    atLineStart = false;
                    if (b != (byte)'#')
                    {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static bool IsRegularFile(string path) =>
        Syscall.stat(path, out Stat stat) == 0 && (stat.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFREG;
}
