using System.CommandLine;
using System.CommandLine.Parsing;
using WebFetch.Crawl;

namespace WebFetch.Cli;

/// <summary>The options only <c>webfetch crawl</c> has: what it follows, what it checks, robots.txt, sitemaps and the report.</summary>
internal sealed class CrawlOptionGroup
{
    public Option<int> Depth { get; } = new("--depth")
    {
        Description = "Links followed from a start URL at most; the pages at that depth are fetched, their links are not [default: unlimited]",
        HelpName = "N",
        CustomParser = OptionParsers.Int(0, 0),
    };

    public Option<string> Scope { get; } = new Option<string>("--scope")
    {
        Description = "What is followed: prefix (the start URL's origin and the directory of its path), host (its host and port), domain (its domain and subdomains)",
        HelpName = "prefix|host|domain",
        DefaultValueFactory = _ => "prefix",
    }.AcceptOnlyFromAmong("prefix", "host", "domain");

    /// <summary>The scope a command line that parsed asks for.</summary>
    public ScopeKind ScopeOf(ParseResult result) => result.GetValue(Scope) switch
    {
        "host" => ScopeKind.Host,
        "domain" => ScopeKind.Domain,
        _ => ScopeKind.Prefix,
    };

    public Option<string[]> Include { get; } = new("--include")
    {
        Description = "Follow only URLs that match REGEX (repeatable; any one matching is enough); the others are checked, not followed",
        HelpName = "REGEX",
    };

    public Option<string[]> Exclude { get; } = new("--exclude")
    {
        Description = "Do not follow URLs that match REGEX (repeatable); they are checked, not followed",
        HelpName = "REGEX",
    };

    public Option<int> MaxUrls { get; } = new("--max-urls")
    {
        Description = "URLs taken at most; the links past it are counted and reported [default: unlimited]",
        HelpName = "N",
        CustomParser = OptionParsers.Int(1, 0),
    };

    public Option<bool> NoExternal { get; } = new("--no-external") { Description = "Do not check links out of scope (no request leaves the scope)" };

    public Option<bool> CheckAnchors { get; } = new("--check-anchors") { Description = "Check that the fragment of a link to a page in scope names an element of it (the default)" };

    public Option<bool> NoCheckAnchors { get; } = new("--no-check-anchors") { Description = "Do not check fragments" };

    public Option<string[]> IgnoreAnchor { get; } = new("--ignore-anchor")
    {
        Description = "Do not check fragments that match REGEX, the fragment as written without '#' (repeatable; counted at the end). "
            + "A rustdoc line range (#872-894) is already found when the page has its first and last line; to pass over every line link: --ignore-anchor '^[0-9]+(-[0-9]+)?$'",
        HelpName = "REGEX",
    };

    public Option<bool> IgnoreRobots { get; } = new("--ignore-robots") { Description = "Neither fetch nor obey robots.txt" };

    public Option<string[]> Sitemap { get; } = new("--sitemap")
    {
        Description = "Also start from the URLs of this XML sitemap or sitemap index, gzipped or not (repeatable)",
        HelpName = "URL",
    };

    public Option<string?> Report { get; } = new("--report")
    {
        Description = "Write the report of broken links, redirects and summary to FILE: HTML when FILE ends in .html, else text",
        HelpName = "FILE",
    };

    /// <summary>The options in the order --help lists them.</summary>
    public IEnumerable<Option> All => [Depth, Scope, Include, Exclude, MaxUrls, NoExternal, CheckAnchors, NoCheckAnchors, IgnoreAnchor, IgnoreRobots, Sitemap, Report];

    /// <summary>Refuses a pattern the crawl cannot run, a sitemap that is not a URL, and --check-anchors with --no-check-anchors.</summary>
    public void Check(CommandResult command)
    {
        foreach ((Option<string[]> option, string name) in (IEnumerable<(Option<string[]>, string)>)[(Include, "--include"), (Exclude, "--exclude"), (IgnoreAnchor, "--ignore-anchor")])
        {
            foreach (string pattern in command.GetValue(option) ?? [])
            {
                try
                {
                    CrawlScope.Compile(name, pattern);
                }
                catch (ArgumentException e)
                {
                    command.AddError(e.Message);
                }
            }
        }
        foreach (string sitemap in command.GetValue(Sitemap) ?? [])
        {
            if (CrawlStarts.Problem(sitemap) is { } problem)
            {
                command.AddError($"--sitemap '{sitemap}': {problem}");
            }
        }
        if (command.GetValue(CheckAnchors) && command.GetValue(NoCheckAnchors))
        {
            command.AddError("--check-anchors and --no-check-anchors cannot be used together");
        }
    }

    /// <summary>A count option's value, or null when it was not given (unlimited).</summary>
    public static int? Limit(ParseResult result, Option<int> option) => result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : null;
}
