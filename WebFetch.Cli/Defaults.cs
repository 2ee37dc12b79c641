namespace WebFetch;

/// <summary>
/// The default of every option a user can give, each with its reason: the command line,
/// <c>--help</c>, the options records and the tests read them here and nowhere else. Internal
/// timings that no option sets (heartbeats, polls, margins) are in <see cref="Timings"/>.
/// </summary>
internal static class Defaults
{
    /// <summary>
    /// <c>--timeout</c>: one attempt of one URL, redirects and body included. A page that takes
    /// longer is almost always a server that hangs; curl has no default, wget's 900 s would hold
    /// a list for a quarter of an hour on one dead host.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary><c>--connect-timeout</c>: a TCP and TLS handshake that takes longer is a host that does not answer.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary><c>--max-bytes</c>: far above a real HTML page, low enough that a hostile or endless body cannot fill a worker's memory.</summary>
    public const long MaxBytes = 10L << 20;

    /// <summary><c>--max-redirects</c>: as many as browsers and curl's <c>--max-redirs</c> practice allow before calling it a loop.</summary>
    public const int MaxRedirects = 10;

    /// <summary><c>--retries</c>: two more tries of a transient failure (connect error, timeout, 408, 429, 502-504) ride out a blip without tripling a dead host's cost.</summary>
    public const int Retries = 2;

    /// <summary>
    /// <c>--concurrency</c>: chosen by measurement (BENCHMARKS.md): on CPU-bound pages 8 costs
    /// nothing against 1 or 2, and on a latency-bound list it keeps 8x more requests in flight.
    /// </summary>
    public const int Concurrency = 8;

    /// <summary><c>--workers</c>: one per core, as parsing is what costs CPU.</summary>
    public static int Workers => Environment.ProcessorCount;

    /// <summary>
    /// <c>--worker-timeout</c>: a worker silent this long (no heartbeat, one a second) is stuck,
    /// not busy: its heartbeat comes from a thread of its own, whatever it parses.
    /// </summary>
    public static readonly TimeSpan WorkerTimeout = TimeSpan.FromSeconds(30);

    /// <summary><c>--max-attempts</c>: a URL that killed three workers will kill a fourth; fewer would blame a URL for a neighbour's crash.</summary>
    public const int MaxAttempts = 3;

    /// <summary><c>--grace</c>: after SIGINT/SIGTERM, time for the URLs in flight to finish, short enough for a shutdown's own timeout (systemd gives 90 s).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>URLs read ahead at most (queued per host or waiting for a duplicate): enough for the host scheduler to find an allowed host behind a slow one, bounded in memory.</summary>
    public const int LookAhead = 4096;

    /// <summary>Distinct URLs remembered for duplicate detection (least recently used out): repeats in real lists are near each other.</summary>
    public const int DedupCapacity = 1024;

    /// <summary>Memory the remembered records may take together: 64 MiB, so that pages with many links or selections cannot grow the parent without bound.</summary>
    public const long DedupBudgetBytes = 64L << 20;

    /// <summary><c>--ordered</c>: records held back at most behind the oldest unfinished URL; past it, reading pauses.</summary>
    public const int OrderedWindow = 1024;

    /// <summary>
    /// <c>--in-flight</c> (<c>run --queue</c>): jobs published and not yet recorded, over all
    /// agents. Enough to keep a few dozen agents busy with a queue ahead of them; few enough that
    /// a stop withdraws little, and the collector holds one small waiter for each.
    /// </summary>
    public const int InFlight = 1024;

    // Issue 18, the crawl's fetch modes.

    /// <summary>
    /// The most body a record may carry as text (<c>FetchOptions.CaptureBodyBytes</c>): 512 KiB,
    /// above the 500 KiB of a robots.txt that RFC 9309 asks a crawler to read at least. Written
    /// as JSON, a byte can take six (a control character as <c>\u0001</c>), so even such a body
    /// (3 MiB) leaves a record under its 4 MiB limit (<c>LineProtocol.MaxResultBytes</c>).
    /// </summary>
    public const int MaxCaptureBodyBytes = 512 << 10;
}
