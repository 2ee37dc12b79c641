using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
using Serilog;
using WebFetch.Input;

namespace WebFetch.Output;

/// <summary>
/// Opens the <c>--output</c> and <c>--resume</c> files. A regular file is held with an
/// exclusive lock: two runs writing one file, such as a cron job that overlaps the next day's,
/// would interleave their records and cut lines in two. An output file is emptied only once
/// the lock is held, so a second run cannot wipe the first one's records. Devices and pipes
/// (<c>/dev/null</c>, <c>/dev/stdout</c>, a FIFO) are opened as they are, without a lock.
/// </summary>
/// <remarks>
/// The lock is an open file description lock (<see cref="OfdLock"/>), not flock(2):
/// readers are not kept out. <c>tail -f</c> and <c>jq</c> take no lock, but a .NET program
/// (PowerShell's <c>Get-Content</c>, <c>File.ReadAllLines</c>) opening the file to read takes
/// a shared flock, which an exclusive flock refuses; the two kinds of lock do not meet. Runs
/// of webfetch, which all take the same kind, still exclude each other, within one process
/// too (the lock belongs to the open file, not to the process, unlike F_SETLK's).
///
/// A run that ends a <c>--resume</c> replaces its file by a rewritten one
/// (<see cref="ResumeRewrite"/>), locked before it takes the name. A run that opened the old
/// file just before and locks it once the first has let go sees that the name now leads to
/// another file, and opens it again: it never writes to a file that has lost its name.
/// </remarks>
internal static class OutputFiles
{
    /// <summary>EAGAIN, as the HResult of the IOException for a file another run holds.</summary>
    private const int WouldBlock = (int)Errno.EAGAIN;

    /// <summary>How often a file replaced between open and lock is opened again before the last one is kept.</summary>
    private const int MaxReopens = 5;

    /// <summary>Opens <paramref name="path"/> to write from its start (<paramref name="append"/> false: emptied) or to read and append (true).</summary>
    public static FileStream Open(string path, bool append) => Open(path, append, betweenOpenAndLock: null);

    /// <summary>As <see cref="Open(string, bool)"/>; <paramref name="betweenOpenAndLock"/> runs once, after the first open and before its lock (for tests of that moment).</summary>
    internal static FileStream Open(string path, bool append, Action? betweenOpenAndLock)
    {
        FileAccess access = append ? FileAccess.ReadWrite : FileAccess.Write;
        if (FileIdentity.Of(path) is { IsRegularFile: false })
        {
            return new FileStream(path, append ? FileMode.OpenOrCreate : FileMode.Create, access, FileShare.Read, bufferSize: 0);
        }
        for (int attempt = 1; ; attempt++)
        {
            // FileShare.ReadWrite: .NET takes no flock of its own for a writer.
            var file = new FileStream(path, FileMode.OpenOrCreate, access, FileShare.ReadWrite, bufferSize: 0);
            try
            {
                if (attempt == 1)
                {
                    betweenOpenAndLock?.Invoke();
                }
                LockWholeFile(file.SafeFileHandle, path);
                if (FileIdentity.Of(file.SafeFileHandle) != FileIdentity.Of(path) && attempt < MaxReopens)
                {
                    file.Dispose(); // renamed over between our open and our lock
                    continue;
                }
                if (!append)
                {
                    file.SetLength(0);
                }
                return file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
    }

    /// <summary>Locks <paramref name="file"/>, a file this run created, as <see cref="Open"/> locks the files it opens.</summary>
    public static void Lock(FileStream file, string path) => LockWholeFile(file.SafeFileHandle, path);

    /// <summary>Whether opening failed because another run holds the file.</summary>
    public static bool InUse(Exception e) => e is IOException && e.HResult == WouldBlock;

    private static void LockWholeFile(SafeFileHandle handle, string path)
    {
        switch (OfdLock.TryTake(handle, out int error))
        {
            case OfdLock.Outcome.Free:
                return;
            case OfdLock.Outcome.Held:
                throw new IOException($"'{path}' is locked by another process", WouldBlock);
            default:
                // A file system without such locks still takes the records, as .NET's own
                // flock does when it cannot lock.
                Log.Warning("cannot lock {Path} ({Reason}); another run given the same file would not be kept out",
                    path, Marshal.GetPInvokeErrorMessage(error));
                return;
        }
    }
}
