using System.Runtime.CompilerServices;
using WebFetch.Input;

namespace WebFetch.Crawl;

/// <summary>
/// The crawl as a URL source: its frontier, one line per URL, breadth-first, waiting while the
/// frontier is empty and records are still to come back (their links refill it), and ending
/// when nothing is queued, held or in flight. Each line's text is the URL's key, which its
/// record carries back. Each line's number is its place in the frontier's order, unless
/// <paramref name="lineOf"/> gives one by URL (a crawl over a queue: <c>UrlJobKeys</c>).
/// </summary>
internal sealed class CrawlSource(CrawlHub hub, Func<string, long>? lineOf = null) : IUrlSource
{
    public async IAsyncEnumerable<InputLine> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long number = 0;
        while (true)
        {
            if (hub.TryNext(out CrawlTarget target, out bool finished))
            {
                yield return new InputLine(target.Key, target.Url, null, "crawl", lineOf?.Invoke(target.Key) ?? ++number);
                continue;
            }
            if (finished)
            {
                yield break;
            }
            await hub.WaitAsync(Timings.CrawlIdleWake, cancellationToken).ConfigureAwait(false);
        }
    }
}
