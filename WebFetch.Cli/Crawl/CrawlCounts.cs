namespace WebFetch.Crawl;

/// <summary>What a crawl passed over, reported at its end (never silently).</summary>
internal sealed class CrawlCounts
{
    /// <summary>New URLs not taken because <c>--max-urls</c> was reached.</summary>
    public long NotTakenForMaxUrls { get; set; }

    /// <summary>Links to schemes other than http and https (ftp:, file:, ...), not checked.</summary>
    public long OtherSchemes { get; set; }

    /// <summary>Fragment links found after their page was fetched whose anchors were not kept (<see cref="Defaults.AnchorBudgetBytes"/>).</summary>
    public long AnchorsNotChecked { get; set; }

    /// <summary>Links on pages at the <c>--depth</c> limit, not followed.</summary>
    public long BeyondDepth { get; set; }

    /// <summary>Fragment links <c>--ignore-anchor</c> matched, not checked.</summary>
    public long AnchorsIgnored { get; set; }

    /// <summary>Fragment links to a page that lacks the anchor and refreshes to a page whose anchors are not known (not crawled: out of scope, past --depth or --max-urls, or the crawl was stopped; or past the memory bound), not checked.</summary>
    public long RefreshAnchorsNotChecked { get; set; }
}
