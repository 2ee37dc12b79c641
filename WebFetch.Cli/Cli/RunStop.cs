using Serilog;
using WebFetch.Output;
using WebFetch.Pipeline;
using WebFetch.Supervisor;

namespace WebFetch.Cli;

/// <summary>
/// How a run stops, and why. A stop (a signal, a lost socket) ends the input and gives the URLs
/// in flight the grace period, after which the run aborts; an abort (a second SIGINT, a failed
/// output, workers that cannot be kept running) kills the workers at once. The tokens tell the
/// parts of the run; <see cref="Cause"/> tells the records cut short.
/// </summary>
internal sealed class RunStop : IDisposable
{
    private readonly CancellationTokenSource _stopInput;
    private readonly CancellationTokenSource _abort;
    private readonly CancellationTokenSource _stopSupervising = new();
    private readonly TimeSpan _grace;
    private readonly Action _drain;
    private readonly Action _kill;
    private OutputFailedException? _outputFailure;
    private volatile string? _socketLost;

    /// <param name="grace">How long the URLs in flight get after a stop.</param>
    /// <param name="cancellation">Stops the input when cancelled, as a stop does.</param>
    /// <param name="drain">Lets the workers finish what they hold and take nothing new.</param>
    /// <param name="kill">Kills the workers.</param>
    /// <param name="time">The clock of the grace period.</param>
    public RunStop(TimeSpan grace, Action drain, Action kill, TimeProvider time, CancellationToken cancellation)
    {
        _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _grace = grace;
        _drain = drain;
        _kill = kill;
        _stopInput = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Cause = new StopCause(grace);
    }

    /// <summary>Why the run stopped, for the records of the URLs it cut short.</summary>
    public StopCause Cause { get; }

    /// <summary>Fires on a stop or an abort: no more input is read.</summary>
    public CancellationToken InputStopped => _stopInput.Token;

    /// <summary>Fires on an abort, or when the grace period after a stop is over: the URLs in flight are not waited for.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>Fires once the run is over: the supervisor loop ends.</summary>
    public CancellationToken SupervisingStopped => _stopSupervising.Token;

    /// <summary>Whether the run aborted, or the grace period after a stop is over.</summary>
    public bool IsAborted => _abort.IsCancellationRequested;

    /// <summary>The output's first failure, if it failed.</summary>
    public OutputFailedException? OutputFailure => Volatile.Read(ref _outputFailure);

    /// <summary>Whether the workers' socket was lost.</summary>
    public bool IsSocketLost => _socketLost is not null;

    /// <summary>A stop signal came (<paramref name="signal"/>: its name): finish the URLs in flight within the grace period.</summary>
    public void Stop(string signal)
    {
        Cause.Stopped(signal);
        Drain();
    }

    /// <summary>Stops at once: the workers are killed and the URLs in flight are cut short, <paramref name="why"/> says by what.</summary>
    public void Abort(string why)
    {
        Cause.Killed(why);
        _stopInput.Cancel();
        _abort.Cancel();
        _kill();
    }

    /// <summary>The output failed: nothing more can be written, so the run aborts. Only the first failure counts.</summary>
    public void OutputFailed(OutputFailedException failure)
    {
        if (Interlocked.CompareExchange(ref _outputFailure, failure, null) is null)
        {
            Log.Debug("the output failed ({Reason}); stopping", failure.Message);
            Abort("the output failed");
        }
    }

    /// <summary>The workers' socket is lost (<paramref name="why"/>): no URL can reach them, so the run stops as on a signal.</summary>
    public void SocketLost(string why)
    {
        _socketLost = why;
        Log.Error("{Reason}: no more URLs can reach the workers; stopping (the URLs in flight may finish, the others get an interrupted record)", why);
        Cause.Stopped(why);
        Drain();
    }

    /// <summary>Ends the supervisor loop, once the URLs are done.</summary>
    public Task StopSupervisingAsync() => _stopSupervising.CancelAsync();

    private void Drain()
    {
        _drain();
        _stopInput.Cancel();
        _abort.CancelAfter(_grace);
    }

    public void Dispose()
    {
        _stopInput.Dispose();
        _abort.Dispose();
        _stopSupervising.Dispose();
    }
}
