namespace WebFetch.Fetching;

/// <summary>What webfetch extracts from one HTML document.</summary>
internal sealed record PageSummary(
    string? Title,
    string? Description,
    string? Lang,
    string? Canonical,
    int Links);
