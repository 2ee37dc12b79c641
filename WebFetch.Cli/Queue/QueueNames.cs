namespace WebFetch.Queue;

/// <summary>
/// The names every machine of a queued run agrees on: three JetStream streams and the agents'
/// shared consumer. A run id (<see cref="RunId"/>) is one subject token, so every subject of a
/// run is <c>webfetch.KIND.RUN</c> and one run's messages can be purged without touching another's.
/// </summary>
internal static class QueueNames
{
    /// <summary>The jobs: a work-queue stream (a job is removed once an agent acknowledges it).</summary>
    public const string JobsStream = "WEBFETCH_JOBS";

    /// <summary>The records: a limits stream with a bounded age and size, so that records wait for a collector that died.</summary>
    public const string RecordsStream = "WEBFETCH_RECORDS";

    /// <summary>The runs' specifications (fetch options, attempts): one message per run, the last one kept.</summary>
    public const string RunsStream = "WEBFETCH_RUNS";

    /// <summary>The agents' beats (<see cref="AgentBeat"/>): the last one of each agent kept, for <c>queue status</c>.</summary>
    public const string AgentsStream = "WEBFETCH_AGENTS";

    /// <summary>The durable pull consumer every agent shares.</summary>
    public const string AgentsConsumer = "webfetch-agents";

    /// <summary>The header that carries a job's key on its record.</summary>
    public const string JobHeader = "Webfetch-Job";

    public const string JobsWildcard = "webfetch.jobs.>";
    public const string RecordsWildcard = "webfetch.records.>";
    public const string RunsWildcard = "webfetch.runs.>";
    public const string AgentsWildcard = "webfetch.agents.>";

    /// <summary>An agent's beat subject: its host name (dots made dashes, to stay one token) and its pid.</summary>
    public static string Agent(string host, int pid) => $"webfetch.agents.{host.Replace('.', '-')}.{pid}";

    public static string Jobs(string run) => $"webfetch.jobs.{run}";

    public static string Records(string run) => $"webfetch.records.{run}";

    public static string Run(string run) => $"webfetch.runs.{run}";

    /// <summary>The run id in a job's, a record's or a run's subject.</summary>
    public static string RunOf(string subject) => subject[(subject.LastIndexOf('.') + 1)..];

    /// <summary>The message id that makes a job of one line published twice (its answer lost, or split off its bundle twice) stored once: the run and the line's key.</summary>
    public static string JobMessageId(string run, string key) => $"{run}:{key}";

    /// <summary>The message id of a job of several lines (<see cref="JobBundler"/>): the run and its first and last keys (a line is in one bundle only).</summary>
    public static string BundleMessageId(string run, string first, string last) => $"{run}:{first}+{last}";
}
