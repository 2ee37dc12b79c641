using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebFetch.Crawl;

/// <summary>
/// What fixes which URLs a crawl takes: its start URLs and sitemaps (as URLs, serialised),
/// its scope and its limits. The first line of a <c>crawl --resume</c> links file
/// (<see cref="CrawlResumeLinks"/>): a resume with other values is refused, as its file would
/// hold the records of another crawl.
/// </summary>
internal sealed record CrawlResumeHeader(
    IReadOnlyList<string> Starts, IReadOnlyList<string> Sitemaps, string Scope, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude,
    int? Depth, int? MaxUrls, bool NoExternal, bool CheckAnchors, bool IgnoreRobots)
{
    /// <summary>The header as the links file's first line holds it (without its newline).</summary>
    public string Line() => JsonSerializer.Serialize(new CrawlResumeHeaderLine(this), CrawlResumeJson.Default.CrawlResumeHeaderLine);

    /// <summary>The header a line holds, or null when it holds none.</summary>
    public static CrawlResumeHeader? Read(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, CrawlResumeJson.Default.CrawlResumeHeaderLine)?.WebfetchCrawl;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The crawl in words, for the message that refuses a resume: <c>from https://a/ (scope prefix, depth 2)</c>.</summary>
    public string Describe()
    {
        var limits = new List<string> { $"scope {Scope}" };
        limits.AddRange(Include.Select(i => $"include {i}"));
        limits.AddRange(Exclude.Select(e => $"exclude {e}"));
        limits.Add(Depth is int d ? $"depth {d}" : "any depth");
        if (MaxUrls is int max)
        {
            limits.Add($"max-urls {max}");
        }
        limits.AddRange(new (bool On, string Name)[] { (NoExternal, "no-external"), (!CheckAnchors, "no-check-anchors"), (IgnoreRobots, "ignore-robots") }
            .Where(flag => flag.On).Select(flag => flag.Name));
        return $"from {string.Join(" ", [.. Starts, .. Sitemaps.Select(s => $"sitemap {s}")])} ({string.Join(", ", limits)})";
    }

    /// <summary>Whether two headers ask for the same crawl (their lists in the same order).</summary>
    public bool SameCrawl(CrawlResumeHeader other) =>
        Starts.SequenceEqual(other.Starts) && Sitemaps.SequenceEqual(other.Sitemaps) && Scope == other.Scope
        && Include.SequenceEqual(other.Include) && Exclude.SequenceEqual(other.Exclude)
        && (Depth, MaxUrls, NoExternal, CheckAnchors, IgnoreRobots) == (other.Depth, other.MaxUrls, other.NoExternal, other.CheckAnchors, other.IgnoreRobots);
}
