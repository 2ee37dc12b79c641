using Serilog;
using WebFetch.Crawl;

namespace WebFetch.Cli;

/// <summary>What a crawl passed over, said on stderr at its end: every bound that was reached and every link left unchecked, with the option that decides it.</summary>
internal static class CrawlEnd
{
    public static void Tell(CrawlCounts counts, CrawlOptions options)
    {
        if (counts.NotTakenForMaxUrls > 0)
        {
            Log.Warning("--max-urls {Max} reached: {Count} more URLs were found and not checked", options.MaxUrls, counts.NotTakenForMaxUrls);
        }
        if (counts.BeyondDepth > 0)
        {
            Log.Information("--depth {Depth}: {Count} links on the pages at that depth were not followed", options.Depth, counts.BeyondDepth);
        }
        if (counts.AnchorsNotChecked > 0)
        {
            Log.Warning("{Count} fragment links were not checked: the anchors of their pages were past the memory bound of {Megabytes} MiB",
                counts.AnchorsNotChecked, Defaults.AnchorBudgetBytes >> 20);
        }
        if (counts.AnchorsIgnored > 0)
        {
            Log.Information("{Count} fragment links matched --ignore-anchor and were not checked", counts.AnchorsIgnored);
        }
        if (counts.RefreshAnchorsNotChecked > 0)
        {
            Log.Warning("{Count} fragment links were not checked: their pages lack the anchor and refresh to a page that was not crawled (out of scope, past --depth or --max-urls) or whose anchors were past the memory bound",
                counts.RefreshAnchorsNotChecked);
        }
        if (counts.OtherSchemes > 0)
        {
            Log.Information("{Count} links to schemes other than http and https (ftp:, file:, ...) were not checked", counts.OtherSchemes);
        }
    }
}
