using System.Runtime.InteropServices;

namespace WebFetch.Interop;

/// <summary>struct flock on 64-bit Linux: l_type, l_whence, l_start, l_len, l_pid (0 for an open file description lock): fcntl(2).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FileLock
{
    public short Type;
    public short Whence;
    public long Start;
    public long Length;
    public int Pid;
}
