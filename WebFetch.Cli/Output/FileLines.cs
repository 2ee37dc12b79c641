using Microsoft.Win32.SafeHandles;
using WebFetch.Text;

namespace WebFetch.Output;

/// <summary>The lines of a file read through its handle, in chunks, for <see cref="ResumeRewrite"/>'s two passes over a resume file.</summary>
internal static class FileLines
{
    /// <summary>What is done with one line: its number from 0 and its bytes, valid only during the call.</summary>
    public delegate void LineAction(long index, ReadOnlySpan<byte> line);

    /// <summary>Calls <paramref name="action"/> for each line of the file (without its newline), numbered from 0, reading it from the start whatever the handle's position.</summary>
    public static void ForEach(SafeFileHandle handle, LineAction action)
    {
        using var lines = new LineSplitter(int.MaxValue, LineEnds.Lf);
        long offset = 0;
        long index = 0;
        int read;
        while ((read = RandomAccess.Read(handle, lines.Chunk.Span, offset)) > 0)
        {
            offset += read;
            lines.Take(read);
            while (lines.TryReadLine(out ReadOnlySpan<byte> line))
            {
                action(index++, line);
            }
        }
        if (lines.TryReadLast(out ReadOnlySpan<byte> last))
        {
            action(index, last);
        }
    }
}
