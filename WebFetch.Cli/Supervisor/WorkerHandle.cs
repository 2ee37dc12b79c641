using System.Diagnostics;
using Serilog;
using WebFetch.Protocol;

namespace WebFetch.Supervisor;

/// <summary>
/// The parent's view of one worker process: its pid, when it started, when it last
/// spoke, which requests it holds, how many it served and the error it failed with. A reader
/// task turns the worker's control lines (stdout pipe) into this state.
/// </summary>
internal sealed class WorkerHandle : IDisposable
{
    private readonly IWorkerProcess _process;
    private readonly TimeProvider _time;
    /// <summary>How many finished request ids a handle remembers, for <see cref="Finished"/>.</summary>
    private const int FinishedKept = 256;

    private readonly Dictionary<long, long> _busySince = [];
    private readonly HashSet<long> _finished = [];
    private readonly Queue<long> _finishedOrder = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _controlRead;
    private long _lastHeard;
    private long _exitSeenAt;
    private volatile string? _error;

    public WorkerHandle(Process process, Action changed)
        : this(new ChildProcess(process), changed, TimeProvider.System)
    {
    }

    /// <param name="process">The worker's process.</param>
    /// <param name="changed">Called when the worker is ready and when its control pipe ends.</param>
    /// <param name="time">The clock of every age and silence here, the pool's.</param>
    public WorkerHandle(IWorkerProcess process, Action changed, TimeProvider time)
    {
        _process = process;
        _time = time;
        Pid = process.Id;
        StartedAt = time.GetTimestamp();
        _lastHeard = StartedAt;
        _controlRead = Task.Run(() => ReadControlAsync(changed));
    }

    public int Pid { get; }

    /// <summary>When the worker started, a timestamp of the pool's clock.</summary>
    public long StartedAt { get; }

    public long Served { get; private set; }

    /// <summary>Which rolling-restart generation started this worker.</summary>
    public int Generation { get; set; }

    /// <summary>True once HALT was sent or a kill issued: the worker is leaving and is not counted.</summary>
    public bool Retiring => Halted || KilledByParent;

    /// <summary>HALT was sent: an exit with code 0 is the expected end.</summary>
    public bool Halted { get; private set; }

    /// <summary>The parent sent SIGKILL (timeout, stop, abort).</summary>
    public bool KilledByParent { get; private set; }

    /// <summary>The worker exited with code 0: it left on its own (e.g. after a SIGTERM sent to the whole group).</summary>
    public bool ExitedCleanly => _process.ExitCode == WorkerExitCodes.Stopped;

    /// <summary>The worker ended as asked, not by a crash or an outside kill.</summary>
    public bool EndedAsAsked => KilledByParent || (Halted && _process.ExitCode == WorkerExitCodes.Stopped);

    public Task Ready => _ready.Task;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The worker exited and its control lines are all read: its pipe reached its end (or, held
    /// open by something else, stayed open <see cref="Timings.ControlDrainLimit"/> after the exit was
    /// first seen here). Only then is its <see cref="Error"/> known. Asked by the supervisor loop only.
    /// </summary>
    public bool HasEnded
    {
        get
        {
            if (!_process.HasExited)
            {
                return false;
            }
            if (_controlRead.IsCompleted)
            {
                return true;
            }
            if (_exitSeenAt == 0)
            {
                _exitSeenAt = _time.GetTimestamp();
            }
            return _time.GetElapsedTime(_exitSeenAt) > Timings.ControlDrainLimit;
        }
    }

    /// <summary>The text of the worker's last <see cref="ControlMessage.Error"/> line: why it failed, or null.</summary>
    public string? Error => _error;

    public TimeSpan SinceHeard => _time.GetElapsedTime(Interlocked.Read(ref _lastHeard));

    public TimeSpan Age => _time.GetElapsedTime(StartedAt);

    /// <summary>The oldest request this worker holds and how long it has run, if any.</summary>
    public (long RequestId, TimeSpan Elapsed)? OldestRequest
    {
        get
        {
            lock (_gate)
            {
                if (_busySince.Count == 0)
                {
                    return null;
                }
                KeyValuePair<long, long> oldest = _busySince.MinBy(p => p.Value);
                return (oldest.Key, _time.GetElapsedTime(oldest.Value));
            }
        }
    }

    public bool Holds(long requestId)
    {
        lock (_gate)
        {
            return _busySince.ContainsKey(requestId);
        }
    }

    /// <summary>
    /// True when this worker reported request <paramref name="requestId"/> done lately (its last
    /// <see cref="FinishedKept"/> requests): a connection of such a request that closed without
    /// a result lost an answer the worker gave up, not a request no worker began.
    /// </summary>
    public bool Finished(long requestId)
    {
        lock (_gate)
        {
            return _finished.Contains(requestId);
        }
    }

    /// <summary>The exit status in words: "exit code 3" or "killed by signal 9 (SIGKILL)".</summary>
    public string ExitDescription => ExitStatus.Describe(_process.ExitCode);

    /// <summary>Asks the worker to finish what it holds and leave (HALT on its control pipe).</summary>
    public void Halt()
    {
        Halted = true;
        try
        {
            _process.Commands.WriteLine(ControlMessage.Halt);
            _process.Commands.Flush();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // already gone: the reaper will see it
        }
    }

    /// <summary>SIGKILL; a worker that is already gone is not an error (ESRCH).</summary>
    public void Kill()
    {
        KilledByParent = true;
        try
        {
            _process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // exited already
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Waits for the exit and for the end of the control pipe, so that <see cref="HasEnded"/> holds.</summary>
    public async Task WaitForEndAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await _controlRead.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadControlAsync(Action changed)
    {
        try
        {
            TextReader output = _process.Control;
            while (await output.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                Interlocked.Exchange(ref _lastHeard, _time.GetTimestamp());
                if (!ControlMessage.TryParse(line, out ControlMessage message))
                {
                    Log.Warning("worker {Pid} sent an unknown control line: {Line}", Pid, line.Length > 80 ? line[..80] : line);
                    continue;
                }
                switch (message.Verb)
                {
                    case ControlMessage.Ready:
                        _ready.TrySetResult();
                        changed();
                        break;
                    case ControlMessage.Busy:
                        lock (_gate)
                        {
                            _busySince[message.RequestId] = _time.GetTimestamp();
                        }
                        break;
                    case ControlMessage.Done:
                        lock (_gate)
                        {
                            _busySince.Remove(message.RequestId);
                            Served++;
                            RememberFinished(message.RequestId);
                        }
                        break;
                    case ControlMessage.Error:
                        _error = message.Text;
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Log.Debug("control pipe of worker {Pid} failed: {Reason}", Pid, e.Message);
        }
        _ready.TrySetException(new WorkerStartException($"worker {Pid} exited before it was ready"));
        changed();
    }

    private void RememberFinished(long requestId)
    {
        if (!_finished.Add(requestId))
        {
            return;
        }
        _finishedOrder.Enqueue(requestId);
        if (_finishedOrder.Count > FinishedKept)
        {
            _finished.Remove(_finishedOrder.Dequeue());
        }
    }

    public void Dispose() => _process.Dispose();
}
