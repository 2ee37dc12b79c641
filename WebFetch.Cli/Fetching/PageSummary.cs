namespace WebFetch.Fetching;

/// <summary>What webfetch extracts from one HTML document.</summary>
internal sealed record PageSummary(
    string? Title,
    string? Description,
    string? Lang,
    string? Canonical,
    int Links)
{
    /// <summary>The <c>--select</c> values by name; null when none were asked for.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Select { get; init; }

    /// <summary>The page's absolute http(s) link URLs; null unless asked for.</summary>
    public IReadOnlyList<string>? LinkUrls { get; init; }

    /// <summary>The Encoding Standard's name of the encoding the page was decoded with.</summary>
    public string? Charset { get; init; }

    /// <summary>Whether <see cref="LinkUrls"/> stopped at its bound with more URLs left.</summary>
    public bool LinksTruncated { get; init; }

    // Link discovery for a crawl (issue 18): null unless FetchOptions.Crawl.

    /// <summary>Every link of every kind, in document order (<see cref="Protocol.FoundLink"/>); null unless asked for.</summary>
    public IReadOnlyList<Protocol.FoundLink>? FoundLinks { get; init; }

    /// <summary>The links left out for their scheme or for being hints to an origin.</summary>
    public int LinksSkipped { get; init; }

    /// <summary>Every id and a[name] value, unique, in document order; null unless asked for.</summary>
    public IReadOnlyList<string>? Anchors { get; init; }

    /// <summary>Whether <see cref="Anchors"/> stopped at its bound with more values left.</summary>
    public bool AnchorsTruncated { get; init; }

    /// <summary>With <see cref="FetchOptions.CountLinksOnly"/>: how many links there are, instead of <see cref="FoundLinks"/>.</summary>
    public int? LinksCounted { get; init; }
}
