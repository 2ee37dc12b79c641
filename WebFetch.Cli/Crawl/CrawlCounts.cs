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
}
