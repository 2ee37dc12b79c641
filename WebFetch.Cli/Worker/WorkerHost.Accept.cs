using System.Net.Sockets;
using Mono.Unix.Native;
using Serilog;

namespace WebFetch.Worker;

/// <summary>
/// The accept loop: poll(2) on the shared listener, the control pipe and the wake-up pipe;
/// accept without blocking when a slot is free and no solo request waits.
/// </summary>
internal sealed partial class WorkerHost
{
    private void AcceptLoop()
    {
        var fds = new Pollfd[3];
        fds[0].fd = _settings.ListenFd;
        fds[1].fd = 0;
        fds[2].fd = _wake.ReadFd;
        while (_stopReason is null)
        {
            if (!_slots.Wait(Timings.AcceptPoll))
            {
                CheckParent();
                continue;
            }
            bool handedOff = false;
            try
            {
                for (int i = 0; i < fds.Length; i++)
                {
                    fds[i].events = PollEvents.POLLIN;
                    fds[i].revents = 0;
                }
                if (Volatile.Read(ref _soloDemand) > 0)
                {
                    fds[0].events = 0; // a solo request waits for the others: accept nothing new
                }
                int ready = Syscall.poll(fds, (int)Timings.AcceptPoll.TotalMilliseconds);
                if (ready < 0 && Stdlib.GetLastError() != Errno.EINTR)
                {
                    throw new IOException($"poll failed: {Stdlib.GetLastError()}");
                }
                TestHooks.InAcceptLoop();
                if (fds[1].revents != 0)
                {
                    ReadControl();
                }
                if (fds[2].revents != 0)
                {
                    _wake.Drain();
                }
                CheckParent();
                if (_stopReason is null && (fds[0].revents & PollEvents.POLLIN) != 0 && TryAccept() is { } connection)
                {
                    Interlocked.Increment(ref _inFlight);
                    handedOff = true;
                    _ = Task.Run(() => ServeConnectionAsync(connection));
                }
            }
            finally
            {
                if (!handedOff)
                {
                    _slots.Release();
                }
            }
        }
    }

    /// <summary>
    /// accept4(2) on the shared listener, not <see cref="Socket.Accept"/>: losing the race to a
    /// sibling is the common case (every worker polling the listener wakes for each
    /// connection), and Socket.Accept reports it as an exception, a cost paid per URL per
    /// sibling.
    /// </summary>
    private Socket? TryAccept()
    {
        int fd = Syscall.accept4(_settings.ListenFd, null, UnixSocketFlags.SOCK_CLOEXEC);
        if (fd < 0)
        {
            Errno error = Stdlib.GetLastError();
            if (error is Errno.EMFILE or Errno.ENFILE or Errno.ENOBUFS or Errno.ENOMEM)
            {
                // Out of descriptors or memory for now: the connection waits in the backlog for
                // a sibling or for this worker once a connection has closed. Dying would lose
                // every URL this worker holds; retrying at once would spin.
                Log.Warning("cannot accept a connection ({Error}); pausing accepts for {Ms} ms", error, Timings.AcceptPause.TotalMilliseconds);
                Thread.Sleep(Timings.AcceptPause);
                return null;
            }
            return error is Errno.EAGAIN or Errno.EWOULDBLOCK or Errno.ECONNABORTED or Errno.EINTR
                ? null // a sibling won the race, or the client gave up before we got to it
                : throw new IOException($"accept failed: {error}");
        }
        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        try
        {
            return new Socket(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A lost accept race must return EAGAIN, not wait for the next connection. O_NONBLOCK
    /// belongs to the open file description, which the parent and the siblings share, so
    /// setting it again is harmless.
    /// </summary>
    private static void SetNonBlocking(int fd)
    {
        int flags = Syscall.fcntl(fd, FcntlCommand.F_GETFL);
        if (flags < 0 || ((flags & (int)OpenFlags.O_NONBLOCK) == 0 && Syscall.fcntl(fd, FcntlCommand.F_SETFL, flags | (int)OpenFlags.O_NONBLOCK) < 0))
        {
            throw new IOException($"fcntl on the listener failed: {Stdlib.GetLastError()}");
        }
    }
}
