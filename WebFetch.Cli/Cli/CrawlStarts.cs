using WebFetch.Input;
using WebFetch.Urls;

namespace WebFetch.Cli;

/// <summary>The start URLs and sitemaps of a crawl, as the command line gives them: http(s) URLs that can be requested.</summary>
internal static class CrawlStarts
{
    /// <summary>Why <paramref name="text"/> cannot start a crawl, or null.</summary>
    public static string? Problem(string text) => UrlLineParser.Parse(text, "command line", 0) is { IsValid: false } line ? line.Problem : null;

    /// <summary>The URL of a start that <see cref="Problem"/> found nothing wrong with.</summary>
    public static WebUrl Url(string text) =>
        UrlLineParser.Parse(text, "command line", 0)?.Url ?? throw new ArgumentException($"'{text}' is not a URL a crawl can start from", nameof(text));
}
