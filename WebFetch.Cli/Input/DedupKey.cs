using System.Text;

namespace WebFetch.Input;

/// <summary>
/// What makes two input lines the same fetch: the normalized URL (scheme and host in lower
/// case, default port dropped, dot segments removed) without its fragment, which is never
/// sent (<c>page#intro</c> and <c>page#usage</c> are one request), and with the host in its
/// ASCII form, so that <c>bücher.example</c> and <c>xn--bcher-kva.example</c>, one host
/// on the wire, are one URL too.
/// </summary>
internal static class DedupKey
{
    public static string Of(Uri url)
    {
        // AbsoluteUri escapes the path and query but keeps a Unicode host: only such a host
        // makes it non-ASCII, and only such URLs pay for the rebuild.
        string absolute = url.AbsoluteUri;
        if (!Ascii.IsValid(absolute))
        {
            absolute = new UriBuilder(url) { Host = url.IdnHost }.Uri.AbsoluteUri;
        }
        // In the normalized form the first '#' starts the fragment; Uri.Fragment would build
        // and cache more state per line.
        int fragment = absolute.IndexOf('#', StringComparison.Ordinal);
        return fragment < 0 ? absolute : absolute[..fragment];
    }
}
