using Serilog;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>
/// The workers and the connections that fit under the system's limits (processes, open
/// files): fewer than asked, with a warning, rather than a run that fails half-way.
/// </summary>
internal static class RunLimits
{
    /// <summary>
    /// The workers that fit under the process limit (ulimit -u, counted in threads over all the
    /// user's processes), with room left for the parent's own threads: fewer than asked with a
    /// warning, and none, before anything starts, with exit 2 and the reason.
    /// </summary>
    public static int WorkersThatFit(int asked)
    {
        if (ThreadLimit.Read() is not var (limit, used))
        {
            return asked;
        }
        int fitting = ThreadLimit.WorkersThatFit(asked, limit, used);
        if (fitting == 0)
        {
            throw new WorkerStartException(
                $"cannot start any worker: processes are limited to {limit} (ulimit -u, counted in threads over all of this user's processes), "
                + $"{used} run already, and the parent needs about {ThreadLimit.ParentGrowth} more and each worker about {ThreadLimit.PerWorker}: "
                + "raise the limit or end some of this user's processes");
        }
        if (fitting < asked)
        {
            Log.Warning("processes are limited to {Limit} (ulimit -u, counted in threads over all of this user's processes) and {Used} run already: {Workers} workers do not fit; running with {Fitting}",
                limit, used, asked, fitting);
        }
        return fitting;
    }

    /// <summary>
    /// Raises the open-file limit as far as allowed and lowers the concurrency if the URLs in
    /// flight would still not fit: past the limit, connections fail with EMFILE and URLs would
    /// be retried and lost for want of a descriptor, not for anything the server did.
    /// </summary>
    public static int ConcurrencyThatFits(int workers, int asked)
    {
        if (OpenFileLimit.Raise() is not long files)
        {
            return asked;
        }
        int fitting = OpenFileLimit.FittingConcurrency(workers, asked, files);
        if (fitting < asked)
        {
            Log.Warning("open files are limited to {Limit} (ulimit -n): {Workers} workers x {Concurrency} connections do not fit; each worker serves {Fitting} at once",
                files, workers, asked, fitting);
        }
        return fitting;
    }

    /// <summary>
    /// Starts the threads the runtime creates on first use and cannot do without (the thread
    /// pool's gate thread, the timer thread) while the room kept for them is still there: once
    /// workers run, a failure to create one would abort the parent. Waited for here, so that the
    /// run goes on where it was.
    /// </summary>
    public static void StartRuntimeThreads()
    {
        Task.Run(() => { }).Wait();
        Task.Delay(1).Wait();
    }
}
