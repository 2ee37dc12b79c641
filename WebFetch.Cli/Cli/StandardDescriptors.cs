using System.Runtime.InteropServices;
using Mono.Unix.Native;
using WebFetch.Interop;

namespace WebFetch.Cli;

/// <summary>
/// Descriptors 0, 1 and 2 as the program found them. A process started with one of them
/// closed (by a cron daemon, or <c>&gt;&amp;-</c>) hands that number to the next file or socket
/// it opens, and a record or a log line meant for stdout or stderr then goes into whatever
/// holds it: the output file, say. The runtime itself may take the number before Main runs
/// (NativeAOT puts /dev/urandom there, the JIT host a pipe of its own). <see cref="Secure"/>
/// opens /dev/null on a number that is still free, points <see cref="Console"/>'s stream at
/// nothing when the number is the runtime's, and tells whether stdin and stdout were there.
/// </summary>
internal static class StandardDescriptors
{
    /// <summary>Whether the program was started with stdin open (read by <c>run</c> before it reads <c>-</c>).</summary>
    public static bool StdinOpen { get; private set; } = true;

    /// <summary>Whether the program was started with stdout open (read by <c>run</c> before it writes records there).</summary>
    public static bool StdoutOpen { get; private set; } = true;

    public static void Secure()
    {
        for (int fd = 0; fd <= 2; fd++)
        {
            int flags = Libc.fcntl(fd, (int)FcntlCommand.F_GETFD); // not Syscall.fcntl: Mono.Posix's calls first load its library, a file
            if (flags < 0 && Marshal.GetLastPInvokeError() == (int)Errno.EBADF)
            {
                // The lowest free number: this one, as every number below it is open by now.
                _ = Libc.open("/dev/null", (int)OpenFlags.O_RDWR);
            }
            // A descriptor that survived exec has no close-on-exec flag; one that has it was
            // opened by this process, in the place of one closed at the start.
            if (flags >= 0 && (flags & Libc.FD_CLOEXEC) == 0)
            {
                continue;
            }
            switch (fd)
            {
                case 0:
                    StdinOpen = false;
                    Console.SetIn(TextReader.Null);
                    break;
                case 1:
                    StdoutOpen = false;
                    Console.SetOut(TextWriter.Null);
                    break;
                default:
                    Console.SetError(TextWriter.Null); // the logs: Serilog's console sink writes to Console.Error
                    break;
            }
        }
    }
}
