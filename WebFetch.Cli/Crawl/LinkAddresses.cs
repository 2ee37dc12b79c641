using System.Buffers;
using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>
/// The found links' URLs as the crawl parses them (<see cref="WebUrl.TryParse(string, out WebUrl?, out string?)"/>,
/// then <see cref="RequestUri.TryCreate"/>), each address (the URL without its fragment) parsed
/// once while it stays in a bounded table (<see cref="Defaults.CrawlParsedAddresses"/>): a site
/// repeats its links on every page, and a page links to many fragments of one page. A link
/// that is not plain printable ASCII, or whose fragment the parser would percent-encode, is
/// parsed whole, as before.
/// </summary>
internal sealed class LinkAddresses
{
    private readonly Dictionary<string, (WebUrl? Url, string? Problem)> _parsed = new(StringComparer.Ordinal);

    /// <summary>
    /// The link parsed (null when it is not a URL), and <paramref name="problem"/> when it
    /// parses but cannot be requested as written.
    /// </summary>
    public WebUrl? Parse(string link, out string? problem)
    {
        int hash = link.IndexOf('#', StringComparison.Ordinal);
        ReadOnlySpan<char> address = hash < 0 ? link : link.AsSpan(0, hash);
        if (address.ContainsAnyExcept(Printable) || hash >= 0 && link.AsSpan(hash + 1).ContainsAnyExcept(Fragments.Plain))
        {
            (WebUrl? url, problem) = ParseWhole(link);
            return url;
        }
        var lookup = _parsed.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(address, out (WebUrl? Url, string? Problem) parsed))
        {
            if (_parsed.Count >= Defaults.CrawlParsedAddresses)
            {
                _parsed.Clear();
            }
            string text = hash < 0 ? link : address.ToString();
            parsed = ParseWhole(text);
            _parsed[text] = parsed;
        }
        problem = parsed.Problem;
        return hash < 0 ? parsed.Url : parsed.Url?.WithFragment(link[(hash + 1)..]);
    }

    private static (WebUrl? Url, string? Problem) ParseWhole(string link)
    {
        if (!WebUrl.TryParse(link, out WebUrl? url, out _))
        {
            return (null, null);
        }
        return (url, RequestUri.TryCreate(url, out _, out string? problem) ? null : problem);
    }

    /// <summary>Printable ASCII: nothing the parser strips, removes or percent-encodes for being outside ASCII.</summary>
    private static readonly SearchValues<char> Printable = SearchValues.Create(Range('!', '~'));

    private static string Range(char first, char last) => new([.. Enumerable.Range(first, last - first + 1).Select(c => (char)c)]);
}
