using System.Runtime.CompilerServices;
using Mono.Unix.Native;
using WebFetch.Text;

namespace WebFetch.Input;

/// <summary>
/// Streams the lines of the input files in order (<c>-</c> is stdin), never holding more
/// than one line in memory. A line longer than <see cref="UrlLineParser.MaxUrlBytes"/> is
/// reported as truncated and the rest of it is skipped, so a 1 GB line costs 8 KiB. A UTF-8
/// byte order mark at the start of a file or of stdin (as some Windows editors write) is not
/// part of the first line. A line ends at LF, CRLF or a lone CR (as old Mac editors write).
/// </summary>
internal static class InputReader
{
    /// <summary>The UTF-8 byte order mark.</summary>
    public static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public static async IAsyncEnumerable<InputLine> ReadAsync(
        IReadOnlyList<string> files, Func<Stream> openStdin, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (int index = 0; index < files.Count; index++)
        {
            string file = files[index];
            // Opening a named pipe waits for its writer: on a pool thread, the wait is a pending
            // read that a stop can abandon, not a call that holds the run until a writer comes.
            Stream stream = file == "-" ? openStdin() : await Task.Run(() => OpenFile(file), cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                string source = file == "-" ? "stdin" : file;
                await foreach (InputLine line in ReadAsync(stream, source, cancellationToken).ConfigureAwait(false))
                {
                    yield return index == 0 ? line : line with { FileIndex = index };
                }
            }
        }
    }

    /// <summary>
    /// Fails with a clear message if <paramref name="path"/> cannot be read, without opening it:
    /// opening a named pipe would wait for its writer, and closing it again would cost the
    /// writer its data (EPIPE) before the real read.
    /// </summary>
    public static void CheckReadable(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InputException($"cannot read input file '{path}': it is a directory");
        }
        if (Syscall.access(path, AccessModes.R_OK) != 0)
        {
            throw new InputException($"cannot read input file '{path}': {FileErrors.Reason(path, Stdlib.GetLastError())}");
        }
    }

    /// <summary>Opens an input file, turning the usual failures into one clear message.</summary>
    public static Stream OpenFile(string path)
    {
        CheckReadable(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, useAsync: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(FileErrors.Describe("cannot read input file", path, e), e);
        }
    }

    /// <summary>Reads the next chunk; a failed read (an I/O error, a vanished network file) ends the run with the file's name and the reason.</summary>
    private static async ValueTask<int> ReadChunkAsync(Stream stream, Memory<byte> chunk, string source, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(source == "stdin"
                ? $"cannot read stdin: {FileErrors.Reason(null, e)}"
                : FileErrors.Describe("cannot read input file", source, e), e);
        }
    }

    public static async IAsyncEnumerable<InputLine> ReadAsync(
        Stream stream, string source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int Limit = UrlLineParser.MaxUrlBytes + 1; // room for the CR of a CRLF ending
        using var lines = new LineSplitter(Limit, LineEnds.AnyNewline);
        long lineNumber = 0;
        while (true)
        {
            int read = await ReadChunkAsync(stream, lines.Chunk, source, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            lines.Take(read);
            while (lines.TryReadLine(out ReadOnlySpan<byte> line))
            {
                lineNumber++;
                InputLine? parsed = UrlLineParser.Parse(WithoutMark(line, lineNumber), lines.Truncated, source, lineNumber);
                if (parsed is not null)
                {
                    yield return parsed;
                }
            }
        }
        if (lines.TryReadLast(out ReadOnlySpan<byte> last))
        {
            lineNumber++;
            InputLine? parsed = UrlLineParser.Parse(WithoutMark(last, lineNumber), lines.Truncated, source, lineNumber);
            if (parsed is not null)
            {
                yield return parsed;
            }
        }
    }

    /// <summary>The line without the byte order mark that may start the first one.</summary>
    private static ReadOnlySpan<byte> WithoutMark(ReadOnlySpan<byte> line, long lineNumber) =>
        lineNumber == 1 && line.StartsWith(ByteOrderMark) ? line[ByteOrderMark.Length..] : line;
}
