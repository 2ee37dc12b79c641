using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Mono.Unix.Native;
using WebFetch.Interop;

namespace WebFetch.Output;

/// <summary>
/// An exclusive open file description lock (fcntl(2) <c>F_OFD_SETLK</c>) over a whole file.
/// It belongs to the open file, not to the process: it excludes another open of the same file
/// within one process too, and the kernel drops it when the last descriptor of that open file
/// closes, however the process ends (SIGKILL included), in whatever PID namespace it lives.
/// </summary>
internal static class OfdLock
{
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
        var whole = new FileLock { Type = (short)LockType.F_WRLCK }; // from offset 0 (SEEK_SET), length 0: to the end, however it grows
        if (Libc.fcntl(handle, Libc.F_OFD_SETLK, ref whole) == 0)
        {
            error = 0;
            return Outcome.Free;
        }
        error = Marshal.GetLastPInvokeError();
        // EACCES: some systems' answer to a conflicting lock
        return error is (int)Errno.EAGAIN or (int)Errno.EACCES ? Outcome.Held : Outcome.Unsupported;
    }

    /// <summary>Whether another open file holds a lock on <paramref name="handle"/>'s file, without taking one (a read-only descriptor is enough).</summary>
    public static Outcome Probe(SafeFileHandle handle)
    {
        var whole = new FileLock { Type = (short)LockType.F_WRLCK };
        if (Libc.fcntl(handle, Libc.F_OFD_GETLK, ref whole) != 0)
        {
            return Outcome.Unsupported;
        }
        return whole.Type == (short)LockType.F_UNLCK ? Outcome.Free : Outcome.Held;
    }
}
