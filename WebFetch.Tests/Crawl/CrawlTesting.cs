using WebFetch.Crawl;
using WebFetch.Urls;

namespace WebFetch.Tests.Crawl;

/// <summary>What the crawl's unit tests share: a URL from its text, and everything the frontier holds now.</summary>
internal static class CrawlTesting
{
    public static WebUrl Url(string text) => WebUrl.TryParse(text, out WebUrl? url, out string? problem) ? url : throw new ArgumentException(problem);

    public static List<CrawlTarget> TakeAll(CrawlState crawl)
    {
        var taken = new List<CrawlTarget>();
        while (crawl.TryNext(out CrawlTarget target))
        {
            taken.Add(target);
        }
        return taken;
    }
}
