using Mono.Unix.Native;

namespace WebFetch.Input;

/// <summary>
/// A file as the kernel knows it, device and inode: two paths (through symbolic or hard
/// links) or a path and an open descriptor name the same file when their identities are equal.
/// </summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, bool IsRegularFile)
{
    /// <summary>The identity of what <paramref name="path"/> names, following links; null if it does not exist.</summary>
    public static FileIdentity? Of(string path) => Syscall.stat(path, out Stat stat) == 0 ? From(stat) : null;

    /// <summary>The identity of the file open on <paramref name="fd"/> (stdin is 0); null if it is not open.</summary>
    public static FileIdentity? Of(int fd) => Syscall.fstat(fd, out Stat stat) == 0 ? From(stat) : null;

    /// <summary>The identity of the file open on <paramref name="handle"/>; null if it cannot be read.</summary>
    public static FileIdentity? Of(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Of((int)handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static FileIdentity From(Stat stat) =>
        new(stat.st_dev, stat.st_ino, (stat.st_mode & FilePermissions.S_IFMT) == FilePermissions.S_IFREG);
}
