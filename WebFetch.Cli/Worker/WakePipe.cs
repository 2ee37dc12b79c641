using Mono.Unix.Native;

namespace WebFetch.Worker;

/// <summary>
/// A pipe(2) that a thread blocked in poll(2) watches, so that another thread can wake it:
/// a stop signal, a stop asked for by the parent, the end of a solo request.
/// </summary>
internal sealed class WakePipe : IDisposable
{
    private readonly int _read;
    private readonly int _write;

    public WakePipe()
    {
        if (Syscall.pipe(out _read, out _write) != 0)
        {
            throw new IOException($"pipe failed: {Stdlib.GetLastError()}");
        }
    }

    /// <summary>The end to poll: readable once <see cref="Wake"/> has been called.</summary>
    public int ReadFd => _read;

    /// <summary>Makes <see cref="ReadFd"/> readable; from any thread, never blocks for long (the pipe's buffer is far from full).</summary>
    public unsafe void Wake()
    {
        byte one = 1;
        _ = Syscall.write(_write, &one, 1);
    }

    /// <summary>Takes what the wakes wrote; called once poll(2) found <see cref="ReadFd"/> readable, so it does not block.</summary>
    public unsafe void Drain()
    {
        byte* bytes = stackalloc byte[64];
        _ = Syscall.read(_read, bytes, 64);
    }

    public void Dispose()
    {
        _ = Syscall.close(_read);
        _ = Syscall.close(_write);
    }
}
