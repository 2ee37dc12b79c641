using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WebFetch.Input;

/// <summary>
/// The URLs that already have a record, for <c>--resume</c>. Held in memory as 16-byte
/// digests (SHA-256, truncated) rather than strings: about 40 bytes per URL, so a million
/// done URLs take about 40 MB. Not thread-safe; filled before the run starts.
/// </summary>
internal sealed class DoneUrls
{
    private readonly HashSet<UInt128> _digests = [];

    public int Count => _digests.Count;

    public void Add(string url) => _digests.Add(Digest(url));

    /// <summary>The URL is not done after all (a later record of it is to be fetched again).</summary>
    public void Remove(string url) => _digests.Remove(Digest(url));

    public bool Contains(string url) => _digests.Count > 0 && _digests.Contains(Digest(url));

    /// <summary>The 16-byte digest a URL is known by.</summary>
    public static UInt128 Digest(string url)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(url), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
