using System.Runtime.InteropServices;
using Serilog;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>
/// The parent's signal handlers. They only record and queue; the run and the supervisor
/// loop act. SIGINT/SIGTERM: first one stops input and starts the grace period, a
/// second SIGINT aborts (a repeated SIGTERM, as `timeout` sends, does not). SIGTTIN/SIGTTOU/SIGHUP go to the supervisor's queue.
/// </summary>
internal sealed class RunSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _stopSignal;

    public RunSignals(WorkerPool pool, bool resizable, Action stop, Action abort)
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

    private void OnStop(PosixSignalContext context, int number, Action stop, Action abort)
    {
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref _stopSignal, number, 0) == 0)
        {
            Log.Warning("{Signal}: finishing the URLs in flight{Hint}", context.Signal, number == 2 ? "; SIGINT again to stop at once" : "");
            stop();
        }
        else if (number == 2)
        {
            Log.Warning("{Signal} again: killing the workers", context.Signal);
            abort();
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
