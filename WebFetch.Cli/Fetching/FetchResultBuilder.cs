using WebFetch.Protocol;

namespace WebFetch.Fetching;

/// <summary>
/// What <see cref="PageFetcher"/> learns of one URL, hop by hop and attempt by attempt:
/// mutable, owned by the one fetch that fills it and never handed on; the fetch makes the
/// immutable <see cref="FetchResult"/> from it once, at the end (<see cref="Build"/>).
/// </summary>
internal sealed class FetchResultBuilder(string url, string finalUrl)
{
    /// <summary>The URL as the request gave it.</summary>
    public string Url { get; } = url;

    public string FinalUrl { get; set; } = finalUrl;
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public long Length { get; set; }

    /// <summary>What the page's HTML holds; null until an HTML body has been read and parsed.</summary>
    public PageSummary? Page { get; set; }

    public int Redirects { get; set; }
    public int Attempts { get; set; } = 1;
    public FetchError? Error { get; set; }

    // Issue 18, the crawl's fetch modes.

    /// <summary>The captured body (<see cref="BodyCapture"/>); null when none was asked for or read.</summary>
    public BodyCapture? Body { get; set; }

    /// <summary>In a check, the method being sent: <c>HEAD</c> until the server refuses it, then <c>GET</c>; null outside a check.</summary>
    public string? CheckMethod { get; set; }

    /// <summary>The redirects followed so far, when the record is to list them; null when not.</summary>
    public List<RedirectHop>? RedirectChain { get; init; }

    // Issue 19, the match rules.

    /// <summary>The <c>--match-string</c> or <c>--match-regex</c> rule the body broke (<see cref="MatchRules.BodyProblem"/>), or null.</summary>
    public string? BodyRuleProblem { get; set; }

    /// <summary>With <c>--max-redirects 0</c>, where the redirect that was recorded, not followed, leads; null otherwise.</summary>
    public string? Location { get; set; }

    // Issue 19, facts about each response (--fields).

    /// <summary>The last request sent, when facts are asked for (<see cref="ResponseFacts"/>); null when not.</summary>
    public RequestFacts? SentRequest { get; set; }

    /// <summary>The facts of the final response, when asked for and once it is in; null otherwise.</summary>
    public ResponseFactValues? Facts { get; set; }

    /// <summary>The record of the fetch, which took <paramref name="elapsedMs"/> in all.</summary>
    public FetchResult Build(long elapsedMs) => new()
    {
        Url = Url,
        FinalUrl = FinalUrl,
        Status = Status,
        ContentType = ContentType,
        Charset = Page?.Charset,
        Length = Length,
        Title = Page?.Title,
        Description = Page?.Description,
        Lang = Page?.Lang,
        Canonical = Page?.Canonical,
        Links = Page?.Links ?? 0,
        Select = Page?.Select,
        LinkUrls = Page?.LinkUrls,
        LinksTruncated = Page is { LinksTruncated: true } ? true : null,
        Redirects = Redirects,
        ElapsedMs = elapsedMs,
        Attempts = Attempts,
        Error = Error,
        // Link discovery for a crawl (issue 18).
        FoundLinks = Page?.FoundLinks,
        LinksCounted = Page?.LinksCounted,
        LinksSkipped = Page is { LinksSkipped: > 0 } ? Page.LinksSkipped : null,
        Anchors = Page?.Anchors,
        AnchorsTruncated = Page is { AnchorsTruncated: true } ? true : null,
        Body = Body?.Text,
        BodyTruncated = Body is { Truncated: true } ? true : null,
        CheckMethod = CheckMethod,
        RedirectChain = RedirectChain is { Count: > 0 } ? RedirectChain.ToArray() : null,
        Location = Location,
        Ip = Facts?.Ip,
        Port = Facts?.Port,
        HttpVersion = Facts?.HttpVersion,
        Headers = Facts?.Headers,
        HeadersTruncated = Facts is { HeadersTruncated: true } ? true : null,
        Timing = Facts?.Timing,
        BodySha256 = Facts?.BodySha256,
        Tls = Facts?.Tls,
    };
}
