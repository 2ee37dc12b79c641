using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Serilog;

namespace WebFetch.Supervisor;

/// <summary>
/// The commands signal handlers queue (resize, rolling restart, stop, abort), acted on by the
/// loop; once the loop has ended, a stop or an abort is acted on as it comes.
/// </summary>
internal sealed partial class WorkerPool
{
    private readonly ConcurrentQueue<PoolCommand> _commands = new();
    private bool _loopEnded;
    private Action<PosixSignal>? _stop;
    private Action<PosixSignal>? _abort;

    /// <summary>
    /// Queues a command from a signal handler and wakes the loop. Once the loop has ended (the
    /// run is stopping, or its start failed) a stop or abort is acted on here and now, as no
    /// loop is left to act on it.
    /// </summary>
    public void Enqueue(PoolCommand command)
    {
        _commands.Enqueue(command);
        Wake();
        if (Volatile.Read(ref _loopEnded))
        {
            ActOnStopsLeft();
        }
    }

    private void HandleQueuedCommand()
    {
        if (!_commands.TryDequeue(out PoolCommand? command))
        {
            return;
        }
        switch (command)
        {
            case PoolCommand.AddWorker:
                Target++;
                Log.Information("SIGTTIN: workers {From} -> {To}", Target - 1, Target);
                break;
            case PoolCommand.RemoveWorker when Target > 1:
                Target--;
                Log.Information("SIGTTOU: workers {From} -> {To}", Target + 1, Target);
                break;
            case PoolCommand.RemoveWorker:
                Log.Information("SIGTTOU ignored: the pool keeps at least one worker");
                break;
            case PoolCommand.RollingRestart:
                _generation++;
                Log.Information("SIGHUP: replacing {Count} workers one at a time", Active().Count());
                break;
            default:
                ActOnStop(command);
                break;
        }
        if (!_commands.IsEmpty)
        {
            Wake();
        }
    }

    /// <summary>
    /// What the run does when the loop takes a <see cref="PoolCommand.Stop"/> or a
    /// <see cref="PoolCommand.Abort"/> off the queue: set once, before the first signal can come.
    /// </summary>
    public void ActOnStops(Action<PosixSignal> stop, Action<PosixSignal> abort)
    {
        _stop = stop;
        _abort = abort;
    }

    private void ActOnStop(PoolCommand command)
    {
        switch (command)
        {
            case PoolCommand.Stop(var signal):
                _stop?.Invoke(signal);
                break;
            case PoolCommand.Abort(var signal):
                _abort?.Invoke(signal);
                break;
        }
    }

    /// <summary>The loop has ended: the stops still queued are acted on now, and any to come by <see cref="Enqueue"/>.</summary>
    private void EndLoop()
    {
        Volatile.Write(ref _loopEnded, true);
        ActOnStopsLeft();
    }

    /// <summary>Acts on the queued stops and aborts; a resize or restart is of no use once the loop has ended.</summary>
    private void ActOnStopsLeft()
    {
        while (_commands.TryDequeue(out PoolCommand? command))
        {
            if (command is PoolCommand.Stop or PoolCommand.Abort)
            {
                ActOnStop(command);
            }
            else
            {
                Log.Debug("{Command} ignored: the pool is stopping", command);
            }
        }
    }
}
