using System.Runtime.InteropServices;
using Serilog;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>
/// The parent's signal handlers. They only record and queue; the run and the supervisor
/// loop act. SIGINT/SIGTERM: first one stops input and starts the grace period, a
/// second SIGINT aborts. A repeated SIGTERM does not, nor does a SIGINT repeated within
/// <see cref="Timings.SameStopWindow"/>: `timeout` sends its signal twice, to the process and to its
/// process group, and no one presses Ctrl-C twice that fast. SIGTTIN/SIGTTOU/SIGHUP go to
/// the supervisor's queue.
/// </summary>
internal sealed class RunSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private long _firstStopAt;
    private int _stopSignal;

    /// <param name="pool">Where SIGTTIN, SIGTTOU and SIGHUP go.</param>
    /// <param name="resizable">Whether SIGTTIN and SIGTTOU resize the pool.</param>
    /// <param name="stop">The first stop signal, by name (SIGINT, SIGTERM).</param>
    /// <param name="abort">A second SIGINT, with what to call it in the records it cuts short.</param>
    public RunSignals(WorkerPool pool, bool resizable, Action<string> stop, Action<string> abort)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnStop(c, 2, stop, abort)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnStop(c, 15, stop, abort)));
        if (resizable)
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTTIN, c => Queue(c, pool, PoolCommand.AddWorker)));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTTOU, c => Queue(c, pool, PoolCommand.RemoveWorker)));
        }
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => Queue(c, pool, PoolCommand.RollingRestart)));
    }

    /// <summary>0 when no stop signal came, else its number (2 or 15).</summary>
    public int StopSignal => Volatile.Read(ref _stopSignal);

    private void OnStop(PosixSignalContext context, int number, Action<string> stop, Action<string> abort)
    {
        context.Cancel = true;
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (Interlocked.CompareExchange(ref _firstStopAt, now, 0) == 0)
        {
            Volatile.Write(ref _stopSignal, number);
            Log.Warning("{Signal}: finishing the URLs in flight{Hint}", context.Signal, number == 2 ? "; SIGINT again to stop at once" : "");
            stop(context.Signal.ToString());
        }
        else if (number == 2 && System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _firstStopAt), now) < Timings.SameStopWindow)
        {
            Log.Debug("{Signal} again within {Ms} ms of the first stop signal, as `timeout` sends it to the process and its group: the same stop",
                context.Signal, Timings.SameStopWindow.TotalMilliseconds);
        }
        else if (number == 2)
        {
            Log.Warning("{Signal} again: killing the workers", context.Signal);
            abort($"{context.Signal} again: the workers were killed");
        }
    }

    private static void Queue(PosixSignalContext context, WorkerPool pool, PoolCommand command)
    {
        context.Cancel = true;
        pool.Enqueue(command);
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
