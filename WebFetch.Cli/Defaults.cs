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
    /// <c>--in-flight</c> (<c>run --queue</c>): URLs published and not yet recorded, over all
    /// agents. Enough to keep a few dozen agents busy with a queue ahead of them; few enough that
    /// a stop withdraws little, and the collector holds one small waiter for each.
    /// </summary>
    public const int InFlight = 1024;

    // Link discovery (issue 18, FetchOptions.Crawl): bounds against hostile pages, reported in the record when hit.

    /// <summary>
    /// Most links in a record's <c>found_links</c>: far more than real pages hold (the Rust
    /// standard library's all.html has about 2,100), a bound on a hostile page's (a 10 MB
    /// page can hold several hundred thousand). Past it the list stops and the record says
    /// <c>links_truncated</c>.
    /// </summary>
    public const int MaxFoundLinks = 100_000;

    /// <summary>
    /// Most bytes <c>found_links</c> may take in a record, as JSON: half of what a record may
    /// take (LineProtocol.MaxResultBytes, 4 MiB), so the list, the anchors and the rest fit in
    /// one record (about 20,000 links of 100 bytes). Past it the list stops and the record says
    /// <c>links_truncated</c>.
    /// </summary>
    public const int MaxFoundLinkBytes = 2 * 1024 * 1024;

    /// <summary>Most values in a record's <c>anchors</c> (ids and a[name] values); past it the list stops and the record says <c>anchors_truncated</c>.</summary>
    public const int MaxAnchors = 100_000;

    /// <summary>Most bytes <c>anchors</c> may take in a record, as JSON: a quarter of a record's limit; past it the list stops and the record says <c>anchors_truncated</c>.</summary>
    public const int MaxAnchorBytes = 1024 * 1024;

    /// <summary>Longest link text kept in a found link, in characters (whitespace collapsed); longer text is cut and ends with "…".</summary>
    public const int MaxLinkTextChars = 200;

    // issue 18, the crawl (wip/crawl)

    /// <summary>Referrers a crawl record lists at most (<c>referrers_total</c> counts them all): enough to find and fix a broken link from the first pages that have it, few enough that a link in every page's footer does not make its record the size of the site.</summary>
    public const int MaxReferrers = 10;

    /// <summary>
    /// Memory the anchors of the pages crawled may take (4 bytes an anchor, hashed): 64 MiB, 16
    /// million anchors. Past it, the anchors of further pages are not kept, and a fragment link
    /// to such a page found after it was fetched is counted as not checked and reported at the end.
    /// </summary>
    public const long AnchorBudgetBytes = 64L << 20;

    // robots.txt and sitemaps (issue 18)

    /// <summary>URLs read from one sitemap at most: the sitemaps.org limit of a sitemap file; past it the document says it was truncated.</summary>
    public const int MaxSitemapEntries = 50_000;

    /// <summary>Bytes of one sitemap read at most, after gzip: the sitemaps.org limit of 50 MiB uncompressed, which also bounds a gzip bomb.</summary>
    public const long MaxSitemapBytes = 50L << 20;

    /// <summary>
    /// Bytes of a robots.txt read at most: 512 KiB, above the 500 KiB RFC 9309 (section 2.5)
    /// asks a crawler to parse at least; the rest is ignored, and a line cut by the bound is dropped.
    /// </summary>
    public const int MaxRobotsBytes = 512 << 10;

    /// <summary>Redirects followed when fetching a robots.txt: RFC 9309 (section 2.3.1.2) asks for at least five; past them the file counts as unavailable (allow all).</summary>
    public const int MaxRobotsRedirects = 5;

    /// <summary>
    /// The longest <c>Crawl-delay</c> obeyed: a larger value counts as this. A minute between two
    /// requests already makes a crawl of a thousand pages last most of a day; beyond that, the
    /// site is better served by <c>--exclude</c> or by not crawling it.
    /// </summary>
    public static readonly TimeSpan MaxCrawlDelay = TimeSpan.FromSeconds(60);

    /// <summary>How long a robots.txt read is trusted: RFC 9309 (section 2.4) asks not to cache it for more than 24 hours.</summary>
    public static readonly TimeSpan RobotsLifetime = TimeSpan.FromHours(24);

    /// <summary>Hosts (scheme, host and port) whose robots.txt rules are kept at once, least recently used out: a crawl with external links meets many hosts, each checked rarely.</summary>
    public const int RobotsCacheHosts = 1024;

    /// <summary>Memory the kept robots.txt rules may take together: 32 MiB, so that many hosts with 500 KiB files cannot grow the parent without bound.</summary>
    public const long RobotsCacheBudgetBytes = 32L << 20;
    // Issue 18, the crawl's fetch modes.

    /// <summary>
    /// The most body a record may carry as text (<c>FetchOptions.CaptureBodyBytes</c>): 512 KiB,
    /// above the 500 KiB of a robots.txt that RFC 9309 asks a crawler to read at least. Written
    /// as JSON, a byte can take six (a control character as <c>\u0001</c>), so even such a body
    /// (3 MiB) leaves a record under its 4 MiB limit (<c>LineProtocol.MaxResultBytes</c>).
    /// </summary>
    public const int MaxCaptureBodyBytes = 512 << 10;
    /// <summary>
    /// <c>--queue-replicas</c> (<c>run --queue</c>, <c>serve</c>): the copies of each stream (and
    /// of the agents' consumer) kept by the servers, when this process is the first and creates
    /// them. One, for the single queue server most users run; 3 on a cluster of three or more,
    /// so that the queue survives the loss of a node.
    /// </summary>
    public const int QueueReplicas = 1;

    /// <summary>The most replicas JetStream keeps of a stream.</summary>
    public const int QueueReplicasMax = 5;

    // Issue 19, facts about each response (--fields).

    /// <summary>
    /// The most characters of header names and values a record carries (<c>--fields headers</c>):
    /// 32 Ki, room for the largest real-world headers (a long Content-Security-Policy, a few
    /// cookies), while a hostile server's 256 KiB of headers (the client's own limit) cannot make
    /// every record of a run that large. Even written as JSON at six bytes a character, with the
    /// largest captured body, a record stays under its 4 MiB limit (<c>LineProtocol.MaxResultBytes</c>).
    /// </summary>
    public const int MaxRecordHeaderChars = 32 << 10;

    // Issue 18, large sites.

    /// <summary>
    /// URLs a crawl's frontier keeps in memory, queued with their referrers (about 1 KB each,
    /// most of it the parsed URL): some 50 MB at most. Past it the later half of them goes to
    /// a spill file (about 200 bytes a URL on disk, 28 in memory for its hash), so that a
    /// site of a million URLs, whose frontier can hold most of them at once, stays bounded.
    /// Enough that a site of tens of thousands of URLs never touches the disk.
    /// </summary>
    public const int FrontierMemoryUrls = 50_000;

    /// <summary>
    /// URLs read back from the spill file at once, per segment: each spill writes one segment
    /// of <see cref="FrontierMemoryUrls"/> / 2 URLs, and a chunk of each is decoded in memory,
    /// so a million URLs (40 segments) keep some 5,000 decoded; small reads of about 25 KB.
    /// </summary>
    public const int FrontierChunkUrls = 128;

    // Issue 19, the TLS options.

    /// <summary>
    /// The largest file <c>--cacert</c>, <c>--cert</c> or <c>--key</c> may name: 16 MiB, some
    /// eighty times the system's whole CA bundle, so that a wrong path (a device, a log) fails
    /// at once instead of being read into every worker.
    /// </summary>
    public const long MaxCertificateFileBytes = 16L << 20;

    /// <summary>The most days <c>--cert-warn</c> takes: ten years, past the life of any certificate a browser accepts.</summary>
    public const int MaxCertWarnDays = 3650;

    /// <summary>
    /// Messages an agent's pull inbox holds before the connection waits for it to read
    /// (<c>JobPuller</c>): the inbox is read as messages come and each job is handed on at
    /// once, so it holds a few at a time; the bound keeps a stalled reader from growing memory.
    /// </summary>
    public const int AgentInboxCapacity = 4096;

    /// <summary>
    /// An agent asks for more jobs once an eighth of its window (workers x concurrency) is free
    /// (<c>Agent</c>): a request per few jobs on a large window, each job still
    /// asked for as soon as its slot frees on a window of 8 or less, and at most about 8 requests
    /// open per agent while the queue is empty (a consumer keeps 512 waiting by default).
    /// </summary>
    public const int AgentAskParts = 8;

    // Issue 18, the crawl's cost.

    /// <summary>
    /// Addresses (URLs without their fragment) whose parse a crawl keeps, so that the links a
    /// site repeats on every page (menus, sidebars, one page's many fragments) are parsed once:
    /// about 1 KB each, some 4 MB at most; the table starts afresh when full.
    /// </summary>
    public const int CrawlParsedAddresses = 4096;
}
