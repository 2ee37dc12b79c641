using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// robots.txt before anything else of a host: the first URL of an origin (scheme, host, port)
/// asks for its robots.txt to be fetched first, and that origin's URLs are held until it
/// arrives; then each is let through or disallowed by its rules. A robots.txt that could not
/// be fetched at all (no answer: DNS, connect, timeout, TLS) leaves the host unreachable: its
/// URLs are not fetched, and their records carry that failure. Not thread-safe.
/// </summary>
internal sealed class RobotsGate(string userAgentToken)
{
    private readonly Dictionary<string, Origin> _origins = new(StringComparer.Ordinal);

    /// <summary>The user agent token robots.txt groups are matched against.</summary>
    public string UserAgentToken => userAgentToken;

    /// <summary>Scheme, host and port: what one robots.txt rules over.</summary>
    public static string OriginOf(WebUrl url) => $"{url.Scheme}://{url.Authority}";

    /// <summary>
    /// What becomes of <paramref name="target"/> now. When its origin is new,
    /// <paramref name="robots"/> is the robots.txt to fetch first (and the target is held).
    /// </summary>
    public RobotsDecision Admit(CrawlTarget target, out CrawlTarget? robots)
    {
        robots = null;
        string origin = OriginOf(target.Url!);
        if (!_origins.TryGetValue(origin, out Origin? state))
        {
            state = new Origin();
            _origins.Add(origin, state);
            if (!WebUrl.TryParse(origin + "/robots.txt", out WebUrl? url, out string? problem))
            {
                throw new InvalidOperationException($"the robots.txt URL of {origin} does not parse: {problem}");
            }
            robots = new CrawlTarget(RobotsKey(origin), url, -1, "robots", target.External, FetchMode.Robots);
        }
        if (state.Rules is null && state.Failure is null)
        {
            state.Held.Add(target);
            return RobotsDecision.Held;
        }
        return Decide(state, target);
    }

    /// <summary>The record text of the robots.txt fetch of <paramref name="origin"/>: unlike any URL, so its record cannot be taken for a link's.</summary>
    public static string RobotsKey(string origin) => $"robots.txt of {origin}";

    /// <summary>The origin's robots.txt arrived (<paramref name="rules"/>) or could not be fetched (<paramref name="failure"/>): the held URLs with their decisions.</summary>
    public List<(CrawlTarget Target, RobotsDecision Decision)> Settle(string origin, RobotsRules? rules, FetchError? failure)
    {
        Origin state = _origins[origin];
        state.Rules = rules;
        state.Failure = failure;
        List<(CrawlTarget, RobotsDecision)> released = [.. state.Held.Select(t => (t, Decide(state, t)))];
        state.Held.Clear();
        return released;
    }

    /// <summary>Why the origin's URLs are not fetched: the record's error for a URL the gate did not let through.</summary>
    public FetchError Refusal(CrawlTarget target, RobotsDecision decision)
    {
        string origin = OriginOf(target.Url!);
        FetchError? failure = _origins[origin].Failure;
        return decision == RobotsDecision.Unreachable && failure is not null
            ? new FetchError(failure.Kind, $"robots.txt of {origin} could not be fetched, so nothing of the host is: {failure.Message}")
            : new FetchError(ErrorKind.RobotsDisallowed, $"robots.txt of {origin} disallows {target.Url!.PathAndQuery} for {userAgentToken}");
    }

    private static RobotsDecision Decide(Origin state, CrawlTarget target) =>
        state.Failure is not null ? RobotsDecision.Unreachable
        : state.Rules!.IsAllowed(target.Url!.PathAndQuery) ? RobotsDecision.Fetch
        : RobotsDecision.Disallowed;

    private sealed class Origin
    {
        public RobotsRules? Rules { get; set; }

        public FetchError? Failure { get; set; }

        public List<CrawlTarget> Held { get; } = [];
    }
}
