using System.Runtime.CompilerServices;
using WebFetch.Interop;

namespace WebFetch.Supervisor;

/// <summary>
/// The limit on open file descriptors (RLIMIT_NOFILE), which URLs in flight consume: the
/// parent holds one connection per URL in flight, a worker one connection from the parent and
/// one to the server per URL it serves. Many systems start processes with a soft limit of 1,024
/// and a far higher hard limit; the parent raises the soft limit to the hard one, as servers do,
/// and the workers inherit it.
/// </summary>
internal static class OpenFileLimit
{
    /// <summary>Descriptors a process needs besides its connections (the same reserve a worker keeps).</summary>
    public const int Reserve = Worker.ConnectionRoom.Reserve;

    /// <summary>Descriptors the parent holds per worker besides connections: its stdin and stdout pipes, and the process handle.</summary>
    public const int PerWorker = 3;

    /// <summary>
    /// Descriptors the parent keeps free for itself when it starts a worker (a library it
    /// loads, a file it opens, a connection of the moment): a worker that would take them is
    /// not started. The JIT runtime needs more of them than a NativeAOT binary: the threads it
    /// starts for compilation and for watching child processes each take some.
    /// </summary>
    public static int ParentSpare { get; } = RuntimeFeature.IsDynamicCodeSupported ? 48 : 16;

    /// <summary>The descriptors this process has open now, or null if that cannot be told.</summary>
    public static int? OpenNow()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Raises the soft limit to the hard limit; returns the soft limit now in force, or null if it cannot be read.</summary>
    public static long? Raise()
    {
        if (Libc.getrlimit(Libc.RLIMIT_NOFILE, out ResourceLimit limit) != 0)
        {
            return null;
        }
        if (limit.Soft < limit.Hard && Libc.setrlimit(Libc.RLIMIT_NOFILE, limit with { Soft = limit.Hard }) == 0)
        {
            return ToLong(limit.Hard);
        }
        return ToLong(limit.Soft);
    }

    /// <summary>
    /// The most connections each worker may serve at once so that neither the parent (workers x
    /// C connections and its pipes to the workers) nor a worker (2 x C) runs out of descriptors
    /// under <paramref name="limit"/>.
    /// </summary>
    public static int FittingConcurrency(int workers, int concurrency, long limit)
    {
        long workerRoom = Math.Max(0, limit - Reserve);
        long parentRoom = Math.Max(0, limit - Reserve - (long)PerWorker * workers);
        long fitting = Math.Min(concurrency, Math.Min(workerRoom / 2, parentRoom / workers));
        return (int)Math.Max(1, fitting);
    }

    private static long ToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value; // RLIM_INFINITY
}
