namespace WebFetch.Pipeline;

/// <summary>
/// Why a run stopped before every URL it had read was done, in the words of the
/// <c>interrupted</c> records: set by the run when a stop signal comes, when a second SIGINT
/// kills the workers, or when the run fails; read by the dispatcher as it records the URLs
/// that were cut short. Thread-safe.
/// </summary>
internal sealed class StopCause(TimeSpan grace)
{
    private volatile string _cause = "the run stopped";
    private volatile bool _killed;

    /// <summary>A stop signal came (<paramref name="signal"/>: SIGINT or SIGTERM): the URLs in flight get the grace period.</summary>
    public void Stopped(string signal) => _cause = signal;

    /// <summary>The workers were killed without waiting for the URLs in flight (<paramref name="why"/> says by what).</summary>
    public void Killed(string why)
    {
        _cause = why;
        _killed = true;
    }

    /// <summary>The message of a URL that was read but not started when the run stopped.</summary>
    public string NotStarted => NotStartedBecause(null);

    /// <summary>As <see cref="NotStarted"/>, with <paramref name="why"/> (when known) as the cause: the reason may be known before the run has taken it as its cause.</summary>
    public string NotStartedBecause(string? why) => $"{why ?? _cause}: the run stopped before this URL was started";

    /// <summary>The message of a URL handed to a queue that the run stopped waiting for: queued still, or with an agent, for <paramref name="elapsed"/>.</summary>
    public string InQueue(TimeSpan elapsed)
    {
        string known = $"published to the queue {elapsed.TotalSeconds:0.0} s before, no record yet";
        return _killed
            ? $"{_cause} while this URL was in flight ({known})"
            : $"{_cause}: still in flight when the {grace.TotalSeconds:0.###} s grace period ran out ({known})";
    }

    /// <summary>The message of a URL that was in flight when the run stopped waiting for it.</summary>
    public string InFlight(int attempt, int? worker, TimeSpan elapsed)
    {
        string where = worker is int pid ? $"worker {pid}" : "no worker had begun it";
        string known = $"in flight for {elapsed.TotalSeconds:0.0} s, attempt {attempt}, {where}";
        return _killed
            ? $"{_cause} while this URL was in flight ({known})"
            : $"{_cause}: still in flight when the {grace.TotalSeconds:0.###} s grace period ran out ({known})";
    }
}
