using System.Text.RegularExpressions;

namespace WebFetch.Crawl;

/// <summary>
/// The fragments <c>--ignore-anchor</c> keeps out of the anchor check: those one of its patterns
/// matches, the fragment as written (without <c>#</c>, not decoded), as <see cref="CrawlScope"/>
/// runs its patterns (without backtracking, with a timeout). Immutable, thread-safe.
/// </summary>
internal sealed class IgnoredAnchors(IEnumerable<string> patterns)
{
    public static readonly IgnoredAnchors None = new([]);

    private readonly Regex[] _patterns = [.. patterns.Select(p => CrawlScope.Compile("--ignore-anchor", p))];

    /// <summary>Whether the anchor check passes over <paramref name="fragment"/>.</summary>
    public bool Ignores(string fragment) => _patterns.Length > 0 && _patterns.Any(p => CrawlScope.Matches(p, fragment));
}
