using System.Text.Json.Serialization;

namespace WebFetch.Protocol;

/// <summary>
/// One link a document holds, as a crawl's worker reports it in <c>found_links</c>: where it
/// leads (resolved against the document's base, its fragment kept), what kind of resource it
/// points to (a <c>LinkKind</c> value: page, stylesheet, image, script, media, object, font,
/// sitemap), where it was found (<see cref="Tag"/>: <c>a@href</c>, <c>img@srcset</c>,
/// <c>css</c>, ...), the 1-based line and column of its element's start tag (of the
/// <c>url(</c> or <c>@import</c> in a CSS file, of the <c>&lt;loc&gt;</c> in a sitemap), and its
/// text (collapsed, cut, null when empty). A page that holds the same link (the same URL
/// and tag) more than once reports it once, with <see cref="Count"/>: the line, column and
/// text are those of its first occurrence.
/// </summary>
[JsonConverter(typeof(FoundLinkJson))]
internal sealed record FoundLink(string Url, string Kind, string Tag, int Line, int Col, string? Text)
{
    /// <summary>True when the value does not parse as a URL: <see cref="Url"/> is then the value as written; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Invalid { get; init; }

    /// <summary>How many times the page holds this link, when more than once; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Count { get; init; }

    /// <summary>How many times the page holds this link: <see cref="Count"/>, or 1.</summary>
    [JsonIgnore]
    public int Occurrences => Count ?? 1;
}
