namespace WebFetch.Crawl;

/// <summary>What robots.txt makes of one URL of a crawl.</summary>
internal enum RobotsDecision
{
    /// <summary>Allowed: fetch it.</summary>
    Fetch,

    /// <summary>Its host's robots.txt has not arrived yet.</summary>
    Held,

    /// <summary>Disallowed: a <c>robots_disallowed</c> record, not fetched.</summary>
    Disallowed,

    /// <summary>Its host's robots.txt could not be fetched at all: the record carries that failure, not fetched.</summary>
    Unreachable,
}
