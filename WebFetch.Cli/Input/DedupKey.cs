using WebFetch.Urls;

namespace WebFetch.Input;

/// <summary>
/// What makes two input lines the same fetch: the URL as the URL Standard serialises it
/// (scheme and host in lower case, the host in its ASCII form, default port dropped, dot
/// segments removed, the same percent-encoding) without its fragment, which is never sent
/// (<c>page#intro</c> and <c>page#usage</c> are one request). So <c>bücher.example</c> and
/// <c>xn--bcher-kva.example</c>, one host on the wire, are one URL too.
/// </summary>
internal static class DedupKey
{
    public static string Of(WebUrl url) => url.HrefWithoutFragment;
}
