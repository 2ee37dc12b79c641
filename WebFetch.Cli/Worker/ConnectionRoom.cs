using WebFetch.Fetching;
using WebFetch.Interop;

namespace WebFetch.Worker;

/// <summary>
/// How many connections to servers a worker may hold, idle pooled ones included, under its
/// open-file limit (RLIMIT_NOFILE, raised by the parent and inherited): the limit, less what the
/// process needs besides connections and one connection from the parent per URL it serves.
/// </summary>
internal static class ConnectionRoom
{
    /// <summary>
    /// Descriptors a process needs besides its connections: runtime, logs, epoll, pipes. A
    /// NativeAOT process holds about 17 at rest, one under the JIT about 100 (assemblies).
    /// </summary>
    public const int Reserve = 256;

    /// <summary>The budget of a worker serving <paramref name="concurrency"/> URLs at once.</summary>
    public static DescriptorBudget For(int concurrency) =>
        new(Capacity(SoftLimit(), concurrency), concurrency);

    /// <summary>Connections to servers that fit under <paramref name="limit"/> (null: no known limit).</summary>
    public static int Capacity(long? limit, int concurrency)
    {
        if (limit is not long files || files - Reserve - concurrency >= DescriptorBudget.Unlimited)
        {
            return DescriptorBudget.Unlimited;
        }
        return (int)Math.Max(1, files - Reserve - concurrency);
    }

    private static long? SoftLimit()
    {
        if (Libc.getrlimit(Libc.RLIMIT_NOFILE, out ResourceLimit limit) != 0)
        {
            return null;
        }
        return limit.Soft > long.MaxValue ? null : (long)limit.Soft; // RLIM_INFINITY
    }
}
