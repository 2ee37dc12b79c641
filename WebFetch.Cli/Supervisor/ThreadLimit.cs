using System.Globalization;
using Mono.Unix.Native;
using WebFetch.Interop;

namespace WebFetch.Supervisor;

/// <summary>
/// The limit on processes (RLIMIT_NPROC, <c>ulimit -u</c>), which Linux counts in threads,
/// over every process of the user (its real uid): the parent's, its workers' and any other.
/// The runtime cannot do without a thread it needs (the thread pool's gate thread, a timer
/// thread): failing to create one aborts the process (SIGABRT) where no code can catch it. So the
/// run looks before it starts anything: room for the parent and one worker, or exit 2 with the
/// reason; room for fewer workers than asked, or run with those.
/// </summary>
internal static class ThreadLimit
{
    /// <summary>Threads the parent may add to those it runs when it looks: the thread pool, timers, sockets, the output.</summary>
    public const int ParentGrowth = 12;

    /// <summary>Threads a worker runs when it serves: the runtime's own, the thread pool, sockets, timers.</summary>
    public const int PerWorker = 18;

    /// <summary>The soft limit, and the threads the user runs now; null when there is no limit to keep (none set, or root, whom the kernel exempts).</summary>
    public static (long Limit, int Used)? Read()
    {
        if (Syscall.geteuid() == 0 || Libc.getrlimit(Libc.RLIMIT_NPROC, out ResourceLimit limit) != 0 || limit.Soft > int.MaxValue)
        {
            return null;
        }
        return ((long)limit.Soft, ThreadsOf(Syscall.getuid()));
    }

    /// <summary>
    /// How many of <paramref name="wanted"/> workers fit under <paramref name="limit"/> while the
    /// user runs <paramref name="used"/> threads (the parent's among them); 0 when not even one does.
    /// </summary>
    public static int WorkersThatFit(int wanted, long limit, int used)
    {
        long room = limit - used - ParentGrowth;
        return (int)Math.Clamp(room / PerWorker, 0, wanted);
    }

    /// <summary>The threads of every process whose real uid is <paramref name="uid"/>, from /proc/PID/status.</summary>
    public static int ThreadsOf(uint uid)
    {
        int threads = 0;
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }
            try
            {
                uint? owner = null;
                foreach (string line in File.ReadLines(Path.Combine(directory, "status")))
                {
                    if (line.StartsWith("Uid:", StringComparison.Ordinal))
                    {
                        string[] ids = line[4..].Split('\t', StringSplitOptions.RemoveEmptyEntries);
                        owner = uint.Parse(ids[0], NumberStyles.None, CultureInfo.InvariantCulture); // the real uid, which the kernel counts by
                    }
                    else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                    {
                        if (owner == uid)
                        {
                            threads += int.Parse(line.AsSpan(8).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
                        }
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended meanwhile, or its status is hidden (hidepid): not counted
            }
        }
        return threads;
    }
}
