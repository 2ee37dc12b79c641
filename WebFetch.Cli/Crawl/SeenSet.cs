namespace WebFetch.Crawl;

/// <summary>
/// Every URL a crawl has taken, as a 64-bit hash of its normalised form (<see cref="UrlHash"/>,
/// about 20 bytes a URL in the set): the memory of a million URLs is some 20 MB, whatever their
/// length. Not thread-safe.
/// </summary>
internal sealed class SeenSet
{
    private readonly HashSet<ulong> _hashes = [];

    public int Count => _hashes.Count;

    /// <summary>True when <paramref name="key"/> was not seen before (and is now).</summary>
    public bool Add(string key) => _hashes.Add(UrlHash.Of(key));

    public bool Contains(string key) => _hashes.Contains(UrlHash.Of(key));
}
