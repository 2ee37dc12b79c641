using System.Text;
using AngleSharp.Dom;

namespace WebFetch.Fetching;

/// <summary>The page's links: its base URL, and the absolute http(s) URLs of its hrefs.</summary>
internal static partial class HtmlExtractor
{
    /// <summary>The document's base URL: the first base href resolved against the address, when it parses.</summary>
    private static Url BaseUrl(Uri address, string? baseHref)
    {
        var documentUrl = new Url(address.AbsoluteUri);
        if (baseHref is null)
        {
            return documentUrl;
        }
        var frozen = new Url(documentUrl, baseHref);
        return frozen.IsInvalid ? documentUrl : frozen;
    }

    private static string? Resolve(Url baseUrl, string href)
    {
        var url = new Url(baseUrl, href);
        return url.IsInvalid ? null : url.Href;
    }

    /// <summary>
    /// Absolute http(s) URLs of the hrefs, resolved against the base URL, fragments dropped,
    /// unique, up to <see cref="MaxLinkUrls"/> and <see cref="MaxLinkUrlBytes"/>;
    /// <paramref name="truncated"/> when a URL was left out for that.
    /// </summary>
    internal static List<string> LinkUrls(Url baseUrl, List<string> hrefs, out bool truncated)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var urls = new List<string>();
        long bytes = 2; // the list's brackets
        truncated = false;
        foreach (string href in hrefs)
        {
            if (Uri.TryCreate(Resolve(baseUrl, href), UriKind.Absolute, out Uri? uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                string url = uri.GetLeftPart(UriPartial.Query);
                if (url.Length <= MaxLinkUrlChars && !seen.Contains(url))
                {
                    int size = Encoding.UTF8.GetByteCount(url) + 3; // quotes and comma; an escaped URL has nothing JSON escapes
                    if (urls.Count == MaxLinkUrls || bytes + size > MaxLinkUrlBytes)
                    {
                        truncated = true;
                        break;
                    }
                    seen.Add(url);
                    urls.Add(url);
                    bytes += size;
                }
            }
        }
        return urls;
    }
}
