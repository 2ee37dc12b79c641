using System.Runtime.InteropServices;
using Serilog;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>
/// The parent's signal handlers. They only record and queue; the supervisor loop acts, and
/// calls the run's stop or abort. SIGINT/SIGTERM: the first one stops input and starts the
/// grace period, a second SIGINT aborts. A repeated SIGTERM does not, nor does a SIGINT
/// repeated within <see cref="Timings.SameStopWindow"/>: `timeout` sends its signal twice, to
/// the process and to its process group, and no one presses Ctrl-C twice that fast.
/// SIGTTIN/SIGTTOU/SIGHUP resize and restart the pool.
/// </summary>
internal sealed class RunSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly WorkerPool _pool;
    private readonly TimeProvider _time;
    private long _firstStopAt;
    private int _stopSignal;

    /// <param name="pool">Where every signal is queued, and whose loop acts on it.</param>
    /// <param name="resizable">Whether SIGTTIN and SIGTTOU resize the pool.</param>
    /// <param name="stop">The first stop signal, by name (SIGINT, SIGTERM).</param>
    /// <param name="abort">A second SIGINT, with what to call it in the records it cuts short.</param>
    public RunSignals(WorkerPool pool, bool resizable, Action<string> stop, Action<string> abort)
        : this(pool, stop, abort, TimeProvider.System)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStop));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStop));
        if (resizable)
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTTIN, c => Queue(c, new PoolCommand.AddWorker())));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTTOU, c => Queue(c, new PoolCommand.RemoveWorker())));
        }
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => Queue(c, new PoolCommand.RollingRestart())));
    }

    /// <summary>The rules alone, with no handler registered: tests give the signals to <see cref="OnStop"/>.</summary>
    internal RunSignals(WorkerPool pool, Action<string> stop, Action<string> abort, TimeProvider time)
    {
        _pool = pool;
        _time = time;
        pool.ActOnStops(
            signal =>
            {
                Log.Warning("{Signal}: finishing the URLs in flight{Hint}", signal, signal == PosixSignal.SIGINT ? "; SIGINT again to stop at once" : "");
                stop(signal.ToString());
            },
            signal =>
            {
                Log.Warning("{Signal} again: killing the workers", signal);
                abort($"{signal} again: the workers were killed");
            });
    }

    /// <summary>The first stop signal (SIGINT or SIGTERM), or null when none came.</summary>
    public PosixSignal? StopSignal => Volatile.Read(ref _stopSignal) is int signal and not 0 ? (PosixSignal)signal : null;

    /// <summary>Records a SIGINT or SIGTERM and queues what it asks for: a stop, an abort or nothing.</summary>
    internal void OnStop(PosixSignalContext context)
    {
        context.Cancel = true;
        long now = _time.GetTimestamp();
        if (Interlocked.CompareExchange(ref _firstStopAt, now, 0) == 0)
        {
            Volatile.Write(ref _stopSignal, (int)context.Signal);
            _pool.Enqueue(new PoolCommand.Stop(context.Signal));
        }
        else if (context.Signal == PosixSignal.SIGINT && _time.GetElapsedTime(Volatile.Read(ref _firstStopAt), now) < Timings.SameStopWindow)
        {
            Log.Debug("{Signal} again within {Ms} ms of the first stop signal, as `timeout` sends it to the process and its group: the same stop",
                context.Signal, Timings.SameStopWindow.TotalMilliseconds);
        }
        else if (context.Signal == PosixSignal.SIGINT)
        {
            _pool.Enqueue(new PoolCommand.Abort(context.Signal));
        }
    }

    private void Queue(PosixSignalContext context, PoolCommand command)
    {
        context.Cancel = true;
        _pool.Enqueue(command);
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
