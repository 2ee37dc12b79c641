using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace WebFetch.Output;

/// <summary>
/// An exclusive open file description lock (fcntl(2) <c>F_OFD_SETLK</c>) over a whole file.
/// It belongs to the open file, not to the process: it excludes another open of the same file
/// within one process too, and the kernel drops it when the last descriptor of that open file
/// closes, however the process ends (SIGKILL included), in whatever PID namespace it lives.
/// </summary>
internal static partial class OfdLock
{
    private const int GetLock = 36; // F_OFD_GETLK
    private const int SetLock = 37; // F_OFD_SETLK
    private const short WriteLock = 1; // F_WRLCK
    private const short Unlocked = 2; // F_UNLCK
    private const int WouldBlock = 11; // EAGAIN
    private const int AccessDenied = 13; // EACCES: some systems' answer to a conflicting lock

    public enum Outcome
    {
        /// <summary>The lock is taken (by <see cref="TryTake"/>), or free to take (<see cref="Probe"/>).</summary>
        Free,

        /// <summary>Another open file holds a lock on it.</summary>
        Held,

        /// <summary>The file system has no such locks (ENOLCK from an NFS server without a lock manager, EINVAL or EOPNOTSUPP from some FUSE mounts).</summary>
        Unsupported,
    }

    /// <summary>Takes the lock on <paramref name="handle"/>'s open file; <paramref name="error"/> is the errno when <see cref="Outcome.Unsupported"/>.</summary>
    public static Outcome TryTake(SafeFileHandle handle, out int error)
    {
        var whole = new FileLock { Type = WriteLock }; // from offset 0 (SEEK_SET), length 0: to the end, however it grows
        if (fcntl(handle, SetLock, ref whole) == 0)
        {
            error = 0;
            return Outcome.Free;
        }
        error = Marshal.GetLastPInvokeError();
        return error is WouldBlock or AccessDenied ? Outcome.Held : Outcome.Unsupported;
    }

    /// <summary>Whether another open file holds a lock on <paramref name="handle"/>'s file, without taking one (a read-only descriptor is enough).</summary>
    public static Outcome Probe(SafeFileHandle handle)
    {
        var whole = new FileLock { Type = WriteLock };
        if (fcntl(handle, GetLock, ref whole) != 0)
        {
            return Outcome.Unsupported;
        }
        return whole.Type == Unlocked ? Outcome.Free : Outcome.Held;
    }

    /// <summary>struct flock on 64-bit Linux: l_type, l_whence, l_start, l_len, l_pid (0 for an OFD lock).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FileLock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(SafeFileHandle fd, int command, ref FileLock fileLock);
}
