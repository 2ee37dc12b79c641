using WebFetch.Protocol;
using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// robots.txt before anything else of a host: the first URL of an origin (scheme, host, port)
/// whose rules are not in the <see cref="RobotsCache"/> asks for its robots.txt to be fetched
/// first, and that origin's URLs are held until it arrives; then each is let through or
/// disallowed by its rules. A robots.txt that could not be fetched at all (no answer: DNS,
/// connect, timeout, TLS) leaves the host unreachable: its URLs are not fetched, and their
/// records carry that failure. Rules the cache let go (its bounds, their lifetime) are fetched
/// again when the origin's next URL comes. Not thread-safe.
/// </summary>
internal sealed class RobotsGate(string userAgentToken, RobotsCache cache)
{
    private readonly Dictionary<string, List<CrawlTarget>> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FetchError> _unreachable = new(StringComparer.Ordinal);

    /// <summary>The user agent token robots.txt groups are matched against.</summary>
    public string UserAgentToken => userAgentToken;

    /// <summary>Scheme, host and port as a URL writes them: what one robots.txt rules over.</summary>
    public static string OriginOf(WebUrl url) => $"{url.Scheme}://{url.Authority}";

    /// <summary>The record text of the robots.txt fetch of <paramref name="origin"/>: unlike any URL, so its record cannot be taken for a link's.</summary>
    public static string RobotsKey(string origin) => $"robots.txt of {origin}";

    /// <summary>
    /// What becomes of <paramref name="target"/> now. When its origin's rules are neither known
    /// nor on their way, <paramref name="robots"/> is the robots.txt to fetch first (and the target is held).
    /// </summary>
    public RobotsDecision Admit(CrawlTarget target, out CrawlTarget? robots)
    {
        robots = null;
        string key = RobotsCache.KeyOf(target.Url!);
        if (_unreachable.ContainsKey(key))
        {
            return RobotsDecision.Unreachable;
        }
        if (cache.TryGet(key, out RobotsRules? rules))
        {
            return Decide(rules, target);
        }
        if (!_held.TryGetValue(key, out List<CrawlTarget>? held))
        {
            held = [];
            _held.Add(key, held);
            string origin = OriginOf(target.Url!);
            if (!WebUrl.TryParse(origin + "/robots.txt", out WebUrl? url, out string? problem))
            {
                throw new InvalidOperationException($"the robots.txt URL of {origin} does not parse: {problem}");
            }
            robots = new CrawlTarget(RobotsKey(origin), url, -1, "robots", target.External, FetchMode.Robots);
        }
        held.Add(target);
        return RobotsDecision.Held;
    }

    /// <summary>The robots.txt at <paramref name="robotsUrl"/> arrived (<paramref name="rules"/>) or could not be fetched (<paramref name="failure"/>): the held URLs with their decisions.</summary>
    public List<(CrawlTarget Target, RobotsDecision Decision)> Settle(WebUrl robotsUrl, RobotsRules? rules, FetchError? failure)
    {
        string key = RobotsCache.KeyOf(robotsUrl);
        if (rules is not null)
        {
            cache.Set(key, rules);
        }
        else if (failure is not null)
        {
            _unreachable[key] = failure;
        }
        if (!_held.Remove(key, out List<CrawlTarget>? held))
        {
            return [];
        }
        return [.. held.Select(t => (t, rules is null ? RobotsDecision.Unreachable : Decide(rules, t)))];
    }

    /// <summary>Why a URL the gate did not let through is not fetched: its record's error.</summary>
    public FetchError Refusal(CrawlTarget target, RobotsDecision decision)
    {
        string origin = OriginOf(target.Url!);
        return decision == RobotsDecision.Unreachable && _unreachable.TryGetValue(RobotsCache.KeyOf(target.Url!), out FetchError? failure)
            ? new FetchError(failure.Kind, $"robots.txt of {origin} could not be fetched, so nothing of the host is: {failure.Message}")
            : new FetchError(ErrorKind.RobotsDisallowed, $"robots.txt of {origin} disallows {target.Url!.PathAndQuery} for {userAgentToken}");
    }

    private static RobotsDecision Decide(RobotsRules rules, CrawlTarget target) =>
        rules.IsAllowed(target.Url!.PathAndQuery) ? RobotsDecision.Fetch : RobotsDecision.Disallowed;
}
