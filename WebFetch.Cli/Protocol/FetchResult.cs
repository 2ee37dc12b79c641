using System.Text.Json.Serialization;

namespace WebFetch.Protocol;

/// <summary>
/// The outcome of one URL, immutable: the line a worker answers with, and the JSON Lines
/// record the parent writes for each input line, derived from that answer with <c>with</c>
/// (<see cref="Url"/> as the input line gave it, <see cref="Attempts"/> counting the
/// attempts lost on the way) or made by the parent alone for a URL no worker answered.
/// </summary>
/// <remarks>
/// One type, not an answer type and a record type: the record is the answer with those two
/// fields replaced, so the wire and the output share one schema, and a second type of the
/// same twenty fields would be a copy that could drift from it. The field order here is
/// the order in the output; the schema is documented in the README. The lists inside are
/// read-only, so a record and the copies made from it share nothing anyone can change.
/// </remarks>
internal sealed record FetchResult
{
    public required string Url { get; init; }
    public string? FinalUrl { get; init; }
    public int? Status { get; init; }
    public string? ContentType { get; init; }
    public string? Charset { get; init; }
    public long Length { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Lang { get; init; }
    public string? Canonical { get; init; }
    public int Links { get; init; }

    /// <summary>The <c>--select</c> values by name; present only when selections were asked for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Select { get; init; }

    /// <summary>The page's link URLs; present only with <c>--links</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? LinkUrls { get; init; }

    /// <summary>True when <see cref="LinkUrls"/> stopped at its bound with more URLs left; present only then.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? LinksTruncated { get; init; }

    public int Redirects { get; init; }
    public long ElapsedMs { get; init; }
    public int? Worker { get; init; }

    /// <summary>The host name of the queue agent whose worker answered; present only in a run over a queue.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Host { get; init; }

    public int Attempts { get; init; }
    public FetchError? Error { get; init; }

    // Link discovery for a crawl (issue 18): present only with FetchOptions.Crawl.

    /// <summary>Every link of the document, of every kind, in document order, duplicates kept; past its bound the record says <see cref="LinksTruncated"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FoundLink>? FoundLinks { get; init; }

    /// <summary>The links left out of <see cref="FoundLinks"/> for their scheme (javascript:, data:, mailto:, tel:) or for being hints to an origin (dns-prefetch, preconnect); present only when above zero.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? LinksSkipped { get; init; }

    /// <summary>Every id value and every a[name] value of the document, unique, in document order.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Anchors { get; init; }

    /// <summary>True when <see cref="Anchors"/> stopped at its bound with more values left; present only then.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? AnchorsTruncated { get; init; }

    // Issue 18, the crawl's fetch modes: present only when asked for.

    /// <summary>The body as text, at most the bytes asked for (<c>FetchOptions.CaptureBodyBytes</c>); present only then.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Body { get; init; }

    /// <summary>True when <see cref="Body"/> is the start of a longer body; present only then.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? BodyTruncated { get; init; }

    /// <summary>In a check (<c>FetchOptions.CheckOnly</c>), the method of the request that answered: <c>HEAD</c>, or <c>GET</c> when the server refused HEAD.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CheckMethod { get; init; }

    /// <summary>The redirects followed to <see cref="FinalUrl"/>, in order; present only in a crawl or a check, and only when there was one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RedirectHop>? RedirectChain { get; init; }

    // issue 18, the crawl's own record fields (wip/crawl): written by `webfetch crawl` only

    /// <summary>Links followed from a start URL to this one (start and sitemap URLs: 0).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Depth { get; init; }

    /// <summary>What the first link to this URL points to: <c>page</c>, <c>stylesheet</c>, <c>image</c>...</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    /// <summary>True when the URL is out of the crawl's scope: checked, not parsed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? External { get; init; }

    /// <summary>The pages that link here, at most <see cref="Defaults.MaxReferrers"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Referrer>? Referrers { get; init; }

    /// <summary>Every link found to this URL, however many <see cref="Referrers"/> lists.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ReferrersTotal { get; init; }

    // Issue 19, redirects recorded without following them.

    /// <summary>
    /// With <c>--max-redirects 0</c> (<c>--no-follow</c>), where the recorded redirect leads: its
    /// Location, resolved against the URL that answered; present only then.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Location { get; init; }

    // Issue 19, facts about each response: present only when asked for (--fields, --header-out).

    /// <summary>The address of the server that gave the final response (IPv4 or IPv6).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ip { get; init; }

    /// <summary>Its port.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Port { get; init; }

    /// <summary>The HTTP version of the final response: <c>1.1</c>, <c>2</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HttpVersion { get; init; }

    /// <summary>The final response's headers by lower-case name (all, or those of <c>--header-out</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>True when <see cref="Headers"/> left some out for their size (<see cref="Defaults.MaxRecordHeaderChars"/>); present only then.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? HeadersTruncated { get; init; }

    /// <summary>When each step of the final request ended, in ms from when it was sent.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ResponseTiming? Timing { get; init; }

    /// <summary>The SHA-256, in lower-case hex, of the body as read: after content decoding (gzip, br), within <c>--max-bytes</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BodySha256 { get; init; }

    /// <summary>The TLS of the connection that gave the final response, and its server's certificate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TlsFacts? Tls { get; init; }

    // The crawl's cost (issue 18).

    /// <summary>
    /// The number of links of every kind the document holds, sent instead of <see cref="FoundLinks"/>
    /// when the crawl follows none of them (a page at its <c>--depth</c>, <c>FetchOptions.CountLinksOnly</c>);
    /// a wire field, never in a crawl's output.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? LinksCounted { get; init; }

    public static FetchResult Failed(string url, string kind, string message) =>
        new() { Url = url, Error = new FetchError(kind, message) };

    /// <summary>
    /// About how many bytes of memory this record holds: its strings (two bytes a character,
    /// plus each string's own overhead), the <c>--select</c> values and the link URLs included.
    /// What the duplicate cache weighs a kept record by.
    /// </summary>
    public long EstimatedBytes()
    {
        const long ObjectBytes = 256; // the record, its error and the lists' own storage, roughly
        long bytes = ObjectBytes + StringBytes(Url) + StringBytes(FinalUrl) + StringBytes(ContentType) + StringBytes(Charset)
            + StringBytes(Title) + StringBytes(Description) + StringBytes(Lang) + StringBytes(Canonical)
            + StringBytes(Host) + StringBytes(Error?.Kind) + StringBytes(Error?.Message);
        if (Select is not null)
        {
            foreach ((string name, IReadOnlyList<string> values) in Select)
            {
                bytes += StringBytes(name) + (8L * values.Count);
                foreach (string value in values)
                {
                    bytes += StringBytes(value);
                }
            }
        }
        if (LinkUrls is not null)
        {
            bytes += 8L * LinkUrls.Count;
            foreach (string link in LinkUrls)
            {
                bytes += StringBytes(link);
            }
        }
        bytes += StringBytes(Body) + StringBytes(CheckMethod) + StringBytes(Location) + FactBytes();
        foreach (RedirectHop hop in RedirectChain ?? [])
        {
            bytes += 32 + StringBytes(hop.Url);
        }
        return bytes + FoundBytes();
    }

    /// <summary>About how many bytes the found links and anchors hold.</summary>
    private long FoundBytes()
    {
        long bytes = 0;
        foreach (FoundLink link in FoundLinks ?? [])
        {
            bytes += 64 + StringBytes(link.Url) + StringBytes(link.Text); // kind and tag are shared constants
        }
        foreach (string anchor in Anchors ?? [])
        {
            bytes += 8 + StringBytes(anchor);
        }
        return bytes;
    }

    /// <summary>About how many bytes the facts about the response hold (issue 19).</summary>
    private long FactBytes()
    {
        long bytes = StringBytes(Ip) + StringBytes(HttpVersion) + StringBytes(BodySha256) + (Timing is null ? 0 : 64);
        foreach ((string name, string value) in Headers ?? new Dictionary<string, string>())
        {
            bytes += 16 + StringBytes(name) + StringBytes(value);
        }
        if (Tls is not null)
        {
            bytes += 64 + StringBytes(Tls.Subject) + StringBytes(Tls.Issuer) + StringBytes(Tls.NotAfter) + (Tls.San ?? []).Sum(name => 8 + StringBytes(name));
        }
        return bytes;
    }

    private static long StringBytes(string? value) => value is null ? 0 : 24 + (2L * value.Length);
}
