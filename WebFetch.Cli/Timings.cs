namespace WebFetch;

/// <summary>
/// Every internal timing no option sets, each with its reason: heartbeats, polls, margins,
/// back-offs. The defaults of the options a user can give are in <see cref="Defaults"/>.
/// </summary>
internal static class Timings
{
    // The worker.

    /// <summary>
    /// How often a worker tells the parent it is alive, from a timer of its own, busy or idle:
    /// often enough that a stuck worker is found within seconds, rare enough to cost nothing.
    /// </summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    // Fetching.

    // The supervisor (the worker pool and its loop).

    /// <summary>
    /// The longest the supervisor loop sleeps between two passes when nothing wakes it: a
    /// worker's ready line, its end, a signal and a stop all wake it at once, so this only
    /// bounds how late a silent worker or a busy limit is noticed.
    /// </summary>
    public static readonly TimeSpan SupervisorPass = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A pass of the supervisor loop that comes this long after the one before means the parent
    /// itself did not run (SIGSTOP or Ctrl-Z, a debugger, a starved machine): a pass otherwise
    /// comes at least every <see cref="SupervisorPass"/>, and four passes missed is more than a scheduling hiccup.
    /// </summary>
    public static readonly TimeSpan PauseThreshold = 4 * SupervisorPass;

    /// <summary>
    /// How long the start-up waits for the first worker to be ready before the run gives up
    /// with exit 2: a worker is a fresh runtime that loads its assemblies, which a loaded
    /// machine can make take seconds, but not this long.
    /// </summary>
    public static readonly TimeSpan PoolStartTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// On a stop, how long the workers get after HALT to finish what they hold and leave before
    /// SIGKILL: the grace period has already bounded the URLs in flight, so this only covers
    /// the leaving itself.
    /// </summary>
    public static readonly TimeSpan PoolStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After SIGKILL to every worker, how long the stop waits for them to be reaped: the
    /// kernel ends a killed process at once, so this only bounds a wait that should not be.
    /// </summary>
    public static readonly TimeSpan KilledReapWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the reaper waits, after it first sees a worker exited, for the rest of its
    /// control lines (its error above all) when its pipe has not closed with it (a grandchild
    /// holding it open): the lines were written before the exit, so they come at once or never.
    /// </summary>
    public static readonly TimeSpan ControlDrainLimit = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a ready worker must have lived for a start-up failure streak to be over: one
    /// that dies at once after its ready line failed at start-up all the same.
    /// </summary>
    public static readonly TimeSpan WorkerSettled = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The first back-off after a worker could not be started or died before it was ready; it
    /// doubles with each failure in a row, so that a run that cannot start workers does not
    /// spin, and one that hit a passing limit tries again soon.
    /// </summary>
    public static readonly TimeSpan SpawnBackOffFirst = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest back-off between two tries to start a worker: a limit lifted is noticed within it.</summary>
    public static readonly TimeSpan SpawnBackOffLongest = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How much longer than its fetch budget (every attempt's timeout and the waits between
    /// them) a worker may hold one URL before it is killed as stuck: room for the parsing of a
    /// large page and a loaded machine, so that only a worker that is truly stuck is killed.
    /// </summary>
    public static readonly TimeSpan BusyMargin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a SIGINT that comes after the first stop signal is taken as the same one:
    /// `timeout` sends its signal twice, to the process and to its process group, and no one
    /// presses Ctrl-C twice that fast.
    /// </summary>
    public static readonly TimeSpan SameStopWindow = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long the parent waits, after a connection closed without a result, for the BUSY,
    /// DONE or exit of the worker that held it, which travel on other channels: long enough
    /// for a pipe line or a reaping, short enough to hold no record back for long.
    /// </summary>
    public static readonly TimeSpan LossReportWait = TimeSpan.FromSeconds(2);

    /// <summary>How often the wait for a lost request's story looks again for the worker's lines.</summary>
    public static readonly TimeSpan LossReportPoll = TimeSpan.FromMilliseconds(50);

    // The dispatch of URLs (the parent's pipeline).

    /// <summary>
    /// The longest the dispatcher sleeps without a wake-up: a line read, a URL ended, the output
    /// drained and a delay over all wake it at once; this catches what does not (a window grown
    /// by SIGTTIN), soon enough that no one notices, rarely enough to cost nothing.
    /// </summary>
    public static readonly TimeSpan DispatchIdleWake = TimeSpan.FromMilliseconds(250);

    /// <summary>The shortest the dispatcher sleeps when a delay or the rate holds the next URL: a timer's own granularity.</summary>
    public static readonly TimeSpan DispatchMinWait = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How often the dispatcher checks that the socket's path still leads to the workers'
    /// listener: a replaced or removed socket stops the run within this, and a stat(2) twice a
    /// second costs nothing.
    /// </summary>
    public static readonly TimeSpan SocketCheck = TimeSpan.FromMilliseconds(500);

    // The run (start-up, stop, output).
}
