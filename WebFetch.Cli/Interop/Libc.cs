using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace WebFetch.Interop;

/// <summary>
/// The program's own calls into the C library, and the Linux constants they take: only what
/// Mono.Posix (<c>Mono.Unix.Native</c>, used everywhere else) does not offer, or numbers its own
/// way. Where Mono.Posix has the name with the Linux number (<c>Errno</c>, <c>OpenFlags</c>,
/// <c>FcntlCommand.F_GETFD</c>, <c>LockType</c>, <c>Signum</c>, <c>UnixSocketOptionName</c>),
/// callers use its name. Constants carry their Linux value (x86-64 and arm64) and header.
/// </summary>
internal static partial class Libc
{
    // Resource limits

    /// <summary>RLIMIT_NPROC from &lt;sys/resource.h&gt;: processes (threads, on Linux) of the real uid.</summary>
    public const int RLIMIT_NPROC = 6;

    /// <summary>RLIMIT_NOFILE from &lt;sys/resource.h&gt;: open file descriptors.</summary>
    public const int RLIMIT_NOFILE = 7;

    /// <summary>Reads a resource limit: getrlimit(2).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int getrlimit(int resource, out ResourceLimit limit);

    /// <summary>Sets a resource limit: setrlimit(2).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int setrlimit(int resource, in ResourceLimit limit);

    // File descriptors

    /// <summary>FD_CLOEXEC from &lt;fcntl.h&gt;: the close-on-exec flag of F_GETFD and F_SETFD.</summary>
    public const int FD_CLOEXEC = 1;

    /// <summary>
    /// Opens a file: open(2). For the first moments of Main, before Mono.Posix loads its helper
    /// library (which would open a file itself).
    /// </summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    /// <summary>A descriptor command without an argument (F_GETFD): fcntl(2). For the first moments of Main, as <see cref="open"/>.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int command);

    // Memory files

    /// <summary>MFD_CLOEXEC from &lt;sys/mman.h&gt;: the memory file's descriptor closes on exec.</summary>
    public const uint MFD_CLOEXEC = 1;

    /// <summary>Makes an anonymous file in memory, with no name in any directory: memfd_create(2) (Linux 3.17, glibc 2.27).</summary>
    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int memfd_create(string name, uint flags);

    /// <summary>FALLOC_FL_KEEP_SIZE from &lt;linux/falloc.h&gt;: the file's size stays as it is.</summary>
    public const int FALLOC_FL_KEEP_SIZE = 1;

    /// <summary>FALLOC_FL_PUNCH_HOLE from &lt;linux/falloc.h&gt;: the range's memory or blocks are freed, and read as zeros (with FALLOC_FL_KEEP_SIZE).</summary>
    public const int FALLOC_FL_PUNCH_HOLE = 2;

    /// <summary>Allocates or frees a range of a file: fallocate(2) (Mono.Posix has only posix_fallocate, which cannot free).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int fallocate(int fd, int mode, long offset, long length);

    // Open file description locks

    /// <summary>F_OFD_GETLK from &lt;fcntl.h&gt; (Linux 3.15): whether a lock could be taken, without taking it.</summary>
    public const int F_OFD_GETLK = 36;

    /// <summary>F_OFD_SETLK from &lt;fcntl.h&gt; (Linux 3.15): takes or releases a lock, without waiting.</summary>
    public const int F_OFD_SETLK = 37;

    /// <summary>A lock command (F_OFD_GETLK, F_OFD_SETLK) on an open file: fcntl(2), "Open file description locks".</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(SafeFileHandle fd, int command, ref FileLock fileLock);

    // Sockets

    /// <summary>
    /// SOL_SOCKET from &lt;sys/socket.h&gt;: the level of socket options, for
    /// <see cref="System.Net.Sockets.Socket.GetRawSocketOption"/> (Mono.Posix's
    /// <c>UnixSocketProtocol.SOL_SOCKET</c> is its own number, not Linux's): socket(7).
    /// </summary>
    public const int SOL_SOCKET = 1;
}
