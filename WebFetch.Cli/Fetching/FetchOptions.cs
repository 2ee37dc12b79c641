namespace WebFetch.Fetching;

/// <summary>How a worker fetches: limits and identity. Chosen by the parent, handed to every worker.</summary>
internal sealed record FetchOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public long MaxBytes { get; init; } = 10 * 1024 * 1024;
    public int MaxRedirects { get; init; } = 10;
    public string UserAgent { get; init; } = DefaultUserAgent;

    public const string DefaultUserAgent = "webfetch/0.1";
}
