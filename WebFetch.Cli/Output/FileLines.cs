using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace WebFetch.Output;

/// <summary>The lines of a file read through its handle, in chunks, for <see cref="ResumeRewrite"/>'s two passes over a resume file.</summary>
internal static class FileLines
{
    /// <summary>What is done with one line: its number from 0 and its bytes, valid only during the call.</summary>
    public delegate void LineAction(long index, ReadOnlySpan<byte> line);

    /// <summary>Calls <paramref name="action"/> for each line of the file (without its newline), numbered from 0, reading it from the start whatever the handle's position.</summary>
    public static void ForEach(SafeFileHandle handle, LineAction action)
    {
        var line = new ArrayBufferWriter<byte>(4096);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(1 << 16);
        long offset = 0;
        long index = 0;
        try
        {
            int read;
            while ((read = RandomAccess.Read(handle, chunk, offset)) > 0)
            {
                offset += read;
                ReadOnlySpan<byte> rest = chunk.AsSpan(0, read);
                int newline;
                while ((newline = rest.IndexOf((byte)'\n')) >= 0)
                {
                    if (line.WrittenCount == 0)
                    {
                        action(index++, rest[..newline]);
                    }
                    else
                    {
                        line.Write(rest[..newline]);
                        action(index++, line.WrittenSpan);
                        line.ResetWrittenCount();
                    }
                    rest = rest[(newline + 1)..];
                }
                line.Write(rest);
            }
            if (line.WrittenCount > 0)
            {
                action(index, line.WrittenSpan);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
