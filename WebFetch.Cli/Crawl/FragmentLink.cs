using WebFetch.Urls;

namespace WebFetch.Crawl;

/// <summary>A fragment link whose page lacked the anchor: the link's page (<paramref name="Key"/>, without the fragment), the fragment, and the pages that link so.</summary>
internal sealed record FragmentLink(WebUrl Url, string Key, string Fragment, int Depth, ReferrerList Referrers)
{
    /// <summary>The link as written, the key of its <c>missing_anchor</c> record.</summary>
    public string Link => $"{Key}#{Fragment}";
}
