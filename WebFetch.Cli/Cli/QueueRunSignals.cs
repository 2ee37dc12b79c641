using System.Runtime.InteropServices;
using Serilog;

namespace WebFetch.Cli;

/// <summary>
/// SIGINT and SIGTERM for a run over a queue, with the rules of <see cref="RunSignals"/>: the
/// first stops the run (nothing more is published, the jobs waiting in the queue are withdrawn,
/// the ones agents hold get the grace period); a second SIGINT stops waiting for them at once,
/// unless it comes within <see cref="Timings.SameStopWindow"/> of the first (`timeout` signals
/// the process and then its group); a repeated SIGTERM changes nothing. There is no pool to
/// resize or restart: the agents have the workers.
/// </summary>
internal sealed class QueueRunSignals : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Action<string> _stop;
    private readonly Action<string> _abort;
    private readonly TimeProvider _time;
    private long _firstStopAt;
    private int _stopSignal;

    /// <param name="stop">The first stop signal, by name.</param>
    /// <param name="abort">A second SIGINT, with what to call it in the records it cuts short.</param>
    public QueueRunSignals(Action<string> stop, Action<string> abort)
        : this(stop, abort, TimeProvider.System)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, c => OnStop(c.Signal, c)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => OnStop(c.Signal, c)));
    }

    /// <summary>The rules alone, with no handler registered: tests give the signals to <see cref="OnStop"/>.</summary>
    internal QueueRunSignals(Action<string> stop, Action<string> abort, TimeProvider time)
    {
        _stop = stop;
        _abort = abort;
        _time = time;
    }

    /// <summary>The first stop signal (SIGINT or SIGTERM), or null when none came.</summary>
    public PosixSignal? StopSignal => Volatile.Read(ref _stopSignal) is int signal and not 0 ? (PosixSignal)signal : null;

    internal void OnStop(PosixSignal signal, PosixSignalContext? context = null)
    {
        context?.Cancel = true;
        long now = _time.GetTimestamp();
        if (Interlocked.CompareExchange(ref _firstStopAt, now, 0) == 0)
        {
            Volatile.Write(ref _stopSignal, (int)signal);
            Log.Warning("{Signal}: withdrawing the jobs not taken yet, waiting for the ones agents hold{Hint}", signal, signal == PosixSignal.SIGINT ? "; SIGINT again to stop at once" : "");
            _stop(signal.ToString());
        }
        else if (signal == PosixSignal.SIGINT && _time.GetElapsedTime(Volatile.Read(ref _firstStopAt), now) >= Timings.SameStopWindow)
        {
            Log.Warning("{Signal} again: not waiting for the agents", signal);
            _abort($"{signal} again: the run stopped waiting for the agents");
        }
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
