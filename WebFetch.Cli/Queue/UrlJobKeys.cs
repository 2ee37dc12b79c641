using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WebFetch.Queue;

/// <summary>
/// The line numbers of a run whose URLs come in no fixed order (a crawl: its frontier's order
/// follows when records come back): each URL's number is a hash of the run's id and the URL,
/// the same for every collector of that run. So a collector that re-attaches to the run after
/// its predecessor was killed (<c>crawl --queue --resume</c>) gives each URL the job key its
/// predecessor gave it: a record that waited in the queue goes to its URL's job, and a job
/// published again is the same message id, which the queue drops as a copy of one it still
/// has. Keyed by the run's id (random per run), a site cannot aim two of its URLs at one
/// number; by chance, among n URLs two share one with odds of about n² / 2^63.
/// </summary>
internal sealed class UrlJobKeys(string run)
{
    private readonly byte[] _prefix = Encoding.UTF8.GetBytes(run + "\n");

    /// <summary>The key of <paramref name="url"/>'s job in this run, as <see cref="JobKey.Of"/> gives it for the crawl's line.</summary>
    public JobKey KeyOf(string url) => new(0, LineOf(url));

    /// <summary>The line number of <paramref name="url"/>'s job in this run: 1 or more, as <see cref="JobKey"/> needs.</summary>
    public long LineOf(string url)
    {
        byte[] text = [.. _prefix, .. Encoding.UTF8.GetBytes(url)];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(text, hash);
        return (long)(BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 1) + 1; // 1 to 2^63
    }
}
