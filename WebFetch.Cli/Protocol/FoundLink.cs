using System.Text.Json.Serialization;

namespace WebFetch.Protocol;

/// <summary>
/// One link a worker found in a page, a CSS file or a sitemap (crawl mode): the absolute URL
/// with its fragment, the kind of resource it points to, where it was found (tag, line,
/// column) and its text. <see cref="Invalid"/> marks a value that did not resolve (kept raw).
/// </summary>
internal sealed record FoundLink(string Url, string Kind, string Tag, int Line, int Col, string? Text)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Invalid { get; init; }
}
