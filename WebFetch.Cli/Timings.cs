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

    /// <summary>
    /// The longest a worker's accept loop waits in poll(2): the longest it goes without looking
    /// whether its parent is gone, when no connection, control line or signal wakes it first.
    /// </summary>
    public static readonly TimeSpan AcceptPoll = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the accept loop pauses after accept(2) fails for want of descriptors or memory:
    /// long enough not to spin, short enough that the waiting connection (kept in the backlog)
    /// is taken soon after a connection closes.
    /// </summary>
    public static readonly TimeSpan AcceptPause = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long an accepted connection may take to send its request line: the parent sends it
    /// at once, so a connection silent this long is a stray client, not a slow parent.
    /// </summary>
    public static readonly TimeSpan RequestRead = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an answer may wait for its reader to take it, not counting time the reader (the
    /// parent) is stopped: a reader that takes nothing this long would otherwise hold a slot.
    /// </summary>
    public static readonly TimeSpan AnswerWrite = TimeSpan.FromSeconds(5);

    /// <summary>How often a waiting answer looks whether its reader is stopped (SIGSTOP, a debugger), so that a stopped parent does not count against <see cref="AnswerWrite"/>.</summary>
    public static readonly TimeSpan ReaderCheck = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a solo request looks whether the other connections have finished: it waits for them, and a short poll keeps that wait close to their end.</summary>
    public static readonly TimeSpan SoloPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// A stopping worker waits for its connections in flight for the fetch budget (every
    /// attempt and retry wait) plus this margin, for the answer to be written after the last byte is fetched; then it aborts them.
    /// </summary>
    public static readonly TimeSpan DrainMargin = TimeSpan.FromSeconds(2);

    /// <summary>After aborting its connections, how long a stopping worker waits for them to end before it exits anyway: an abort ends them at their next await.</summary>
    public static readonly TimeSpan AbortedDrain = TimeSpan.FromSeconds(1);

    /// <summary>How often a stopping worker looks whether its connections have ended.</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The parent takes a worker busy with one URL for longer than the fetch budget plus this
    /// margin for stuck and kills it. The margin is above the worker's own
    /// <see cref="DrainMargin"/> and <see cref="AbortedDrain"/>, so that a worker that keeps to its
    /// budget is never killed for it, with room for a loaded machine.
    /// </summary>
    public static readonly TimeSpan BusyMargin = TimeSpan.FromSeconds(10);

    // Fetching.

    /// <summary>The longest wait before a retry: a Retry-After beyond it ends the retries, as a server that asks for more is down for longer than a run should wait.</summary>
    public static readonly TimeSpan RetryMaxWait = TimeSpan.FromSeconds(30);

    /// <summary>Backoff ceiling before the first retry (full jitter below it); it doubles with each retry, up to <see cref="BackoffCap"/>: enough to ride out a blip, short against the timeout.</summary>
    public static readonly TimeSpan BackoffBase = TimeSpan.FromMilliseconds(500);

    /// <summary>The highest backoff ceiling, so that the later retries of a long list of retries do not wait for minutes.</summary>
    public static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(8);

    /// <summary>A retry is made only if at least this much of the URL's time is left after the wait: less could not even connect.</summary>
    public static readonly TimeSpan MinimumAttemptTime = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a worker keeps an idle connection while its descriptor budget has room: a host fetched again soon reuses it.</summary>
    public static readonly TimeSpan LongIdle = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a worker keeps an idle connection once its descriptor budget is crowded, so that
    /// hosts not asked again soon give their descriptors back. The handler closes idle
    /// connections every max(1 s, idle time / 4): with this, within 2 s.
    /// </summary>
    public static readonly TimeSpan ShortIdle = TimeSpan.FromSeconds(1);

    /// <summary>The longest a pooled connection is used, idle or not: a host whose addresses change (DNS) is connected to anew within this.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>The Happy Eyeballs Connection Attempt Delay: RFC 8305's recommended value, and curl's.</summary>
    public static readonly TimeSpan ConnectAttemptDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// When a connect finds no descriptor free (EMFILE, ENFILE) and no connection of ours has
    /// closed, the longest wait before another try: another descriptor of the process may have.
    /// </summary>
    public static readonly TimeSpan OutOfDescriptorsPause = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The longest one HTML parse may take; a slower parse fails the URL as a timeout. Deep
    /// nesting costs the tree builder quadratic time, so a hostile page could otherwise hold a
    /// connection slot for minutes; a real page parses far within it.
    /// </summary>
    public static readonly TimeSpan MaxParseTime = TimeSpan.FromSeconds(10);

    /// <summary>The pause before a page that gave way in the memory budget is read again: time for the pages that hold the budget to finish.</summary>
    public static readonly TimeSpan GiveWayWait = TimeSpan.FromMilliseconds(100);

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
    /// The first wait before a connect to the workers is tried again when the parent has no
    /// descriptor left: a connection of its own usually closes within milliseconds.
    /// </summary>
    public static readonly TimeSpan ConnectBackOffFirst = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest such wait (it doubles up to this): a freed descriptor is used within a second, without spinning.</summary>
    public static readonly TimeSpan ConnectBackOffLongest = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a connect waits for a descriptor while none of the parent's own connections
    /// closes: by then the descriptors are held by something else, and waiting longer would
    /// only hide it.
    /// </summary>
    public static readonly TimeSpan ConnectGiveUp = TimeSpan.FromSeconds(60);

    /// <summary>A descriptor shortage this long after the last one is a new one, and warned of again: one warning per episode, not per URL.</summary>
    public static readonly TimeSpan ShortageEpisodeGap = TimeSpan.FromSeconds(10);

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

    /// <summary>The smallest backlog of the listening socket, whatever the pool's size, so that a small pool still takes a burst of connects; the kernel caps any backlog at net.core.somaxconn.</summary>
    public const int MinListenBacklog = 512;

    /// <summary>
    /// The backlog of the listening socket: room for every connection the workers can serve at
    /// once (<paramref name="workers"/> x <paramref name="concurrency"/>) four times over, so that
    /// a burst of connects while workers are busy or being replaced waits rather than fails.
    /// </summary>
    public static int ListenBacklog(int workers, int concurrency) => Math.Max(MinListenBacklog, workers * concurrency * 4);

    /// <summary>How long the output still gets to take the last records once a stop's deadline has passed: a reader that takes nothing in that time (<c>| sleep 600</c>) would otherwise hold the run.</summary>
    public static readonly TimeSpan OutputLastChance = TimeSpan.FromSeconds(1);

    /// <summary>How often a run that waits for its output writer looks whether it was told to give up.</summary>
    public static readonly TimeSpan OutputJoinPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>How often the progress line is redrawn: four times a second looks live and costs nothing.</summary>
    public static readonly TimeSpan ProgressRedraw = TimeSpan.FromMilliseconds(250);

    // The queue collector (run --queue).

    /// <summary>How long a job waits before it is published again when the server did not take it (away, restarting), and the records' reader before it starts again: the client reconnects meanwhile, and a second copy of a job is dropped by its message id.</summary>
    public static readonly TimeSpan QueuePublishRetry = TimeSpan.FromSeconds(1);

    /// <summary>How long a collector reads the records already in the queue before it publishes: those lines are then not published again; a record read later still goes to its line.</summary>
    public static readonly TimeSpan QueueCatchUp = TimeSpan.FromSeconds(30);

    /// <summary>How long the removal of a run's jobs, records or spec may take: a server that does not answer leaves them to age out, rather than holding the end of the run.</summary>
    public static readonly TimeSpan QueuePurge = TimeSpan.FromSeconds(10);

    // The queue (a run across machines: the agent, webfetch serve).

    /// <summary>
    /// How long the connection to the queue server may take before the command gives up with
    /// exit 2: a server on the same network answers within milliseconds, so this is a dead or
    /// unreachable one, said in one line rather than a hang.
    /// </summary>
    public static readonly TimeSpan QueueConnect = TimeSpan.FromSeconds(5);

    /// <summary>How often an agent publishes its beat (its host, pid, load and state): often enough that <c>queue status</c> shows a live agent as seen seconds ago, rare enough to cost the server nothing.</summary>
    public static readonly TimeSpan AgentBeat = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long one pull of jobs waits on the server for jobs to come: a job published meanwhile
    /// is delivered at once; the pull then ends and the agent looks again whether it is stopping
    /// and how many slots are free. A pull cannot be withdrawn, so a stop waits at most this for it.
    /// </summary>
    public static readonly TimeSpan AgentPull = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After a pull, a publish or an acknowledgement failed (the server away, restarting, or
    /// electing a leader), how long the agent waits before it tries again: the client
    /// reconnects by itself, and trying more often would only fill the log.
    /// </summary>
    public static readonly TimeSpan AgentQueueRetry = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a collector holds a job's line open for others to join it in one publication
    /// (<c>JobBundler</c>): lines start in bursts, as a batch of records frees slots, and a
    /// burst goes out as a few jobs instead of one per line. Short beside a page's fetch.
    /// </summary>
    public static readonly TimeSpan CollectorJobLinger = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How long an agent holds a record for others of the same run to go with it in one message
    /// (<c>RecordBatcher</c>): the queue's cost per URL is mostly per message, and at a few hundred
    /// pages a second this puts several records in each; a record waits at most this long before
    /// it is published, and its job is acknowledged.
    /// </summary>
    public static readonly TimeSpan AgentRecordLinger = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The first delay before a job lost with its worker on this machine is delivered again
    /// (to any machine); it doubles with each delivery up to <see cref="AgentRedeliveryCap"/>,
    /// so that a URL that kills workers does not kill one on every machine at once.
    /// </summary>
    public static readonly TimeSpan AgentRedeliveryBase = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay before a lost job is delivered again: a machine that had a bad minute is tried again within it.</summary>
    public static readonly TimeSpan AgentRedeliveryCap = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an agent whose stop cut jobs short waits for the server to take them back (a
    /// negative acknowledgement, so another agent takes them now): past it, the server gives
    /// them back by itself after its ack wait.
    /// </summary>
    public static readonly TimeSpan AgentGiveBack = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an agent's worker may be busy with one URL before it is taken for stuck: the
    /// agent serves runs whose fetch budgets (timeouts, retries) it does not know when its
    /// workers start, and each worker keeps to its run's budget itself, so this bounds only a
    /// worker that does not; a silent worker is found by its heartbeat as in a local run.
    /// </summary>
    public static readonly TimeSpan AgentBusyLimit = TimeSpan.FromHours(1);

    /// <summary>The part of the consumer's ack wait after which an agent tells the server again that a job in flight is still being worked on: a third of it, checked every sixth (<c>JobProgress</c>), so a job is told at least every half ack wait and one late word loses no job.</summary>
    public const int AgentProgressPerAckWait = 3;

    // The queue's status (queue status).

    /// <summary>
    /// The longest <c>queue status</c> waits for its reads once connected (four streams, the
    /// agents' consumer, one message per run and per agent): a server that stops answering
    /// midway is an error on one line, not a hang.
    /// </summary>
    public static readonly TimeSpan QueueStatusRead = TimeSpan.FromSeconds(15);

    /// <summary>The longest a crawl's source waits for a record before it looks at its frontier again: every record wakes it at once, so this only guards against a wake-up missed.</summary>
    public static readonly TimeSpan CrawlIdleWake = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a drained agent waits for the server's answer to a ping, which tells it that the server has read its last acknowledgements (sent without an answer of their own): a server that does not answer holds the exit no longer, and those jobs come back after the ack wait.</summary>
    public static readonly TimeSpan AgentLastAcks = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long past <see cref="AgentPull"/> an agent waits for any word on the jobs it asked for
    /// before it takes the requests as lost (the server restarted and forgot them) and asks
    /// again: the server ends every request it keeps with a word by <see cref="AgentPull"/>.
    /// </summary>
    public static readonly TimeSpan AgentPullLost = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a starting agent asks again when the server gives no answer while the streams
    /// are set up: a cluster just formed can take seconds to place replicated streams that two
    /// agents ask for at once; a server that still gives none is an error on one line, exit 2.
    /// </summary>
    public static readonly TimeSpan AgentSetUp = TimeSpan.FromSeconds(20);
}
