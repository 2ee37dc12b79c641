using System.Runtime.InteropServices;
using Mono.Unix.Native;
using Serilog;
using WebFetch.Fetching;
using WebFetch.Protocol;

namespace WebFetch.Worker;

/// <summary>
/// A worker process: races its siblings to accept on the inherited listening socket,
/// serves each connection (one request line in, one result line out), heartbeats to the
/// parent, and leaves when told to (HALT, SIGTERM) or when its parent is gone.
/// </summary>
/// <remarks>
/// One thread waits in poll(2) on three descriptors for at most <see cref="Timings.AcceptPoll"/>: the
/// listener, the control pipe from the parent (stdin: HALT or EOF) and a wake-up pipe
/// for signals and the end of a solo request. A readable listener is accepted without
/// blocking; "would block" means a sibling won the race. Connections are served on the
/// thread pool, at most <see cref="WorkerSettings.Concurrency"/> at a time. While a solo
/// request (<see cref="Protocol.FetchRequest.Solo"/>) waits or runs, nothing is accepted.
/// A request that carries its run's fetch options is fetched with them
/// (<see cref="FetcherCache"/>), one that carries none with the worker's own.
/// </remarks>
internal sealed partial class WorkerHost : IDisposable
{
    private readonly WorkerSettings _settings;
    private readonly Stream _controlIn;
    private readonly ControlChannel _control;
    private readonly FetcherCache _fetchers;
    private readonly DoneUrlTable? _done;
    private readonly SemaphoreSlim _slots;
    private readonly WakePipe _wake;
    private readonly uint _uid = Syscall.getuid();
    private readonly int _pid = Environment.ProcessId;
    private readonly CancellationTokenSource _abort = new();
    private readonly SemaphoreSlim _soloTurn = new(1, 1);
    private int _inFlight;
    private int _soloDemand;
    private int _soloParked;
    private volatile string? _stopReason;
    private volatile bool _parentGone;

    private WorkerHost(WorkerSettings settings)
    {
        _settings = settings;
        // The listener is shared with the parent and the siblings: never close or shut it
        // down here (a shutdown would stop it for every process); exit releases our fd.
        SetNonBlocking(settings.ListenFd);
        _controlIn = Console.OpenStandardInput();
        _control = new ControlChannel(Console.OpenStandardOutput(), () => ParentGone("control channel closed"));
        _done = OpenDoneTable(settings.DoneTableFd);
        _fetchers = new FetcherCache(settings.Fetch, ConnectionRoom.For(settings.Concurrency), done: _done);
        _slots = new SemaphoreSlim(settings.Concurrency, settings.Concurrency);
        _wake = new WakePipe();
    }

    /// <summary>Entry point of the hidden <c>worker</c> subcommand.</summary>
    public static int Run()
    {
        string? json = Environment.GetEnvironmentVariable(WorkerSettings.EnvironmentVariable);
        if (string.IsNullOrEmpty(json))
        {
            Console.Error.WriteLine("webfetch: the worker subcommand is internal; use 'webfetch run'.");
            return WorkerExitCodes.SettingsRefused;
        }
        if (WorkerSettingsReader.Read(json, out string? problem) is not { } settings)
        {
            return SettingsRefused(problem!);
        }
        Log.Logger = Logs.Logging.CreateLogger(settings.LogLevel, settings.Color, $"worker {Environment.ProcessId}");
        WorkerHost? host = null;
        try
        {
            try
            {
                host = new WorkerHost(settings);
            }
            catch (ArgumentException e)
            {
                // A value no fetch can use (a zero timeout, say): the settings, not the machine.
                return SettingsRefused($"is not valid worker settings: {e.Message}");
            }
            int status = host.Serve(); // returns when the connections in flight have finished or been aborted
            host.Dispose();
            return status;
        }
        catch (Exception e)
        {
            // Not disposed: connections may still be in flight, and disposing the fetcher and
            // the slots under them would only add their errors to this one. The exit closes
            // them; the parent sees each as lost and sends its URL again.
            ReportFailure(host, e);
            Log.Fatal(e, "worker failed with {InFlight} connection(s) in flight", host is null ? 0 : Volatile.Read(ref host._inFlight));
            return WorkerExitCodes.Failed;
        }
        finally
        {
            Log.CloseAndFlush();
        }
    }

    /// <summary>
    /// Tells the parent why this worker is about to exit: one <see cref="ControlMessage.Error"/>
    /// line with the exception's type and message, which the parent logs with this worker's pid
    /// when it reaps it, through the log's redaction of credentials like every log line. The
    /// stack trace goes to stderr only, with the worker's own log line.
    /// </summary>
    private static void ReportFailure(WorkerHost? host, Exception failure)
    {
        ControlChannel control = host?._control ?? new ControlChannel(Console.OpenStandardOutput(), static () => { });
        control.Send(ControlMessage.ErrorOf($"{failure.GetType().Name}: {failure.Message}"));
    }

    /// <summary>One line on stderr and <see cref="WorkerExitCodes.SettingsRefused"/>: a worker started with settings it cannot use.</summary>
    private static int SettingsRefused(string problem)
    {
        Console.Error.WriteLine($"webfetch worker: {WorkerSettings.EnvironmentVariable} {problem}; the worker subcommand is internal: use 'webfetch run'.");
        return WorkerExitCodes.SettingsRefused;
    }

    private int Serve()
    {
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);
        // A Ctrl-C in a terminal reaches the whole process group: the parent decides, the worker ignores it.
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
        using var heartbeat = new Timer(_ => Beat(), null, Timings.Heartbeat, Timings.Heartbeat);

        TestHooks.BeforeReady();
        _control.Send(new ControlMessage(ControlMessage.Ready));
        Log.Debug("ready on fd {Fd}, concurrency {Concurrency}, GC {GcMode}", _settings.ListenFd, _settings.Concurrency, System.Runtime.GCSettings.LatencyMode);
        AcceptLoop();

        Log.Debug("stopping ({Reason}); {InFlight} connection(s) in flight", _stopReason, Volatile.Read(ref _inFlight));
        // In-flight fetches are bounded by the fetch budget (every attempt and retry wait) of the
        // options they were served with; allow the longest plus a margin, then abort them.
        // Without a parent nobody waits for the answers: abort at once.
        TimeSpan drain = _parentGone ? TimeSpan.Zero : _fetchers.LongestBudget + Timings.DrainMargin;
        if (!WaitForIdle(drain))
        {
            _abort.Cancel();
            WaitForIdle(Timings.AbortedDrain);
        }
        return WorkerExitCodes.Stopped;
    }

    private bool WaitForIdle(TimeSpan limit)
    {
        DateTime deadline = DateTime.UtcNow + limit;
        while (Volatile.Read(ref _inFlight) > 0)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            Thread.Sleep(Timings.IdlePoll);
        }
        return true;
    }

    /// <summary>The crawl's table of done URLs, when the worker was given one and can map it; without it, every link is sent (slower, the same records).</summary>
    private static DoneUrlTable? OpenDoneTable(int? fd)
    {
        if (fd is not int descriptor)
        {
            return null;
        }
        DoneUrlTable? table = DoneUrlTable.Open(descriptor, out string? problem);
        if (table is null)
        {
            Log.Warning("cannot use the crawl's table of done URLs ({Problem}): every link of a page is sent", problem);
        }
        return table;
    }

    public void Dispose()
    {
        _fetchers.Dispose();
        _done?.Dispose();
        _slots.Dispose();
        _soloTurn.Dispose();
        _abort.Dispose();
        _wake.Dispose();
    }
}
