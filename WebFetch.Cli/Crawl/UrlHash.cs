namespace WebFetch.Crawl;

/// <summary>
/// 64-bit hashes of normalised URLs, for the crawl's seen-set: the high half is the runtime's
/// string hash (Marvin, seeded at random per process, so a hostile site cannot aim for a
/// collision), the low half FNV-1a. With n URLs the odds that any two of them collide are
/// about n² / 2^65: one in 37 million for a million URLs, one in 370,000 for ten million. A
/// collision would skip one URL as seen.
/// </summary>
internal static class UrlHash
{
    public static ulong Of(string key)
    {
        uint fnv = 2166136261;
        foreach (char c in key)
        {
            fnv = (fnv ^ c) * 16777619;
        }
        return ((ulong)(uint)string.GetHashCode(key.AsSpan()) << 32) | fnv;
    }

    /// <summary>A 32-bit hash of a page's anchor: each page's anchors are few, so the odds that a missing one passes for another are about the count of anchors in 4 billion.</summary>
    public static uint OfAnchor(string anchor) => (uint)string.GetHashCode(anchor.AsSpan());
}
