namespace WebFetch.Fetching;

/// <summary>Thrown when parsing one HTML document takes longer than its limit (a hostile or pathological page).</summary>
internal sealed class ParseTimeoutException(TimeSpan limit)
    : TimeoutException($"parsing the HTML took longer than {limit.TotalSeconds:0.###} s; the page is too complex");
