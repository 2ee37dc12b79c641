using System.Buffers;
using Mono.Unix.Native;
using System.Runtime.CompilerServices;

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
        foreach (string file in files)
        {
            // Opening a named pipe waits for its writer: on a pool thread, the wait is a pending
            // read that a stop can abandon, not a call that holds the run until a writer comes.
            Stream stream = file == "-" ? openStdin() : await Task.Run(() => OpenFile(file), cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                string source = file == "-" ? "stdin" : file;
                await foreach (InputLine line in ReadAsync(stream, source, cancellationToken).ConfigureAwait(false))
                {
                    yield return line;
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
    private static async ValueTask<int> ReadChunkAsync(Stream stream, byte[] chunk, string source, CancellationToken cancellationToken)
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
        byte[] chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        byte[] line = ArrayPool<byte>.Shared.Rent(Limit);
        int lineLength = 0;
        bool truncated = false;
        bool afterCr = false; // the last chunk ended with a CR: a LF starting the next one is part of its line end
        long lineNumber = 0;
        try
        {
            while (true)
            {
                int read = await ReadChunkAsync(stream, chunk, source, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                int start = 0;
                if (afterCr && chunk[0] == (byte)'\n')
                {
                    start = 1; // the LF of a CRLF split across reads
                }
                afterCr = false;
                while (start < read)
                {
                    int lineEnd = chunk.AsSpan(start, read - start).IndexOfAny((byte)'\n', (byte)'\r');
                    int end = lineEnd < 0 ? read : start + lineEnd;
                    Append(chunk.AsSpan(start, end - start));
                    if (lineEnd < 0)
                    {
                        break;
                    }
                    lineNumber++;
                    InputLine? parsed = UrlLineParser.Parse(Text(), truncated, source, lineNumber);
                    lineLength = 0;
                    truncated = false;
                    start = end + 1;
                    if (chunk[end] == (byte)'\r')
                    {
                        if (start == read)
                        {
                            afterCr = true;
                        }
                        else if (chunk[start] == (byte)'\n')
                        {
                            start++;
                        }
                    }
                    if (parsed is not null)
                    {
                        yield return parsed;
                    }
                }
            }
            if (lineLength > 0 || truncated)
            {
                lineNumber++;
                InputLine? last = UrlLineParser.Parse(Text(), truncated, source, lineNumber);
                if (last is not null)
                {
                    yield return last;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            ArrayPool<byte>.Shared.Return(line);
        }

        ReadOnlySpan<byte> Text()
        {
            ReadOnlySpan<byte> text = line.AsSpan(0, lineLength);
            return lineNumber == 1 && text.StartsWith(ByteOrderMark) ? text[ByteOrderMark.Length..] : text;
        }

        void Append(ReadOnlySpan<byte> bytes)
        {
            int room = Limit - lineLength;
            if (bytes.Length > room)
            {
                truncated = true;
                bytes = bytes[..room];
            }
            bytes.CopyTo(line.AsSpan(lineLength));
            lineLength += bytes.Length;
        }
    }
}
