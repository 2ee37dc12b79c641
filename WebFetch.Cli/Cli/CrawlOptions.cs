using WebFetch.Crawl;

namespace WebFetch.Cli;

/// <summary>Everything <c>webfetch crawl</c> was asked to do: the options it shares with <c>run</c>, and its own.</summary>
internal sealed record CrawlOptions
{
    /// <summary>The pool, fetch, schedule and output options, as <c>run</c> has them (no input files).</summary>
    public required RunOptions Run { get; init; }

    public required IReadOnlyList<string> Starts { get; init; }

    public IReadOnlyList<string> Sitemaps { get; init; } = [];

    public ScopeKind Scope { get; init; }

    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public int? Depth { get; init; }

    public int? MaxUrls { get; init; }

    public bool NoExternal { get; init; }

    public bool CheckAnchors { get; init; } = true;

    public bool IgnoreRobots { get; init; }

    /// <summary>The patterns of the fragments not checked (<c>--ignore-anchor</c>).</summary>
    public IReadOnlyList<string> IgnoreAnchors { get; init; } = [];

    /// <summary>The report's file (<c>--report</c>), or null.</summary>
    public string? ReportFile { get; init; }
}
