using System.Text.Json.Serialization;

namespace WebFetch.Protocol;

/// <summary>
/// One output record: the line a worker answers with, and, completed by the parent
/// (<see cref="Url"/> as given, <see cref="Attempts"/>), the JSON Lines record on stdout.
/// The field order here is the order in the output; the schema is documented in the README.
/// </summary>
internal sealed class FetchResult
{
    public required string Url { get; set; }
    public string? FinalUrl { get; set; }
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public string? Charset { get; set; }
    public long Length { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Lang { get; set; }
    public string? Canonical { get; set; }
    public int Links { get; set; }

    /// <summary>The <c>--select</c> values by name; present only when selections were asked for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, List<string>>? Select { get; set; }

    /// <summary>The page's link URLs; present only with <c>--links</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? LinkUrls { get; set; }

    /// <summary>True when <see cref="LinkUrls"/> stopped at its bound with more URLs left; present only then.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? LinksTruncated { get; set; }

    public int Redirects { get; set; }
    public long ElapsedMs { get; set; }
    public int? Worker { get; set; }
    public int Attempts { get; set; }
    public FetchError? Error { get; set; }

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
            + StringBytes(Error?.Kind) + StringBytes(Error?.Message);
        if (Select is not null)
        {
            foreach ((string name, List<string> values) in Select)
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
        return bytes;
    }

    private static long StringBytes(string? value) => value is null ? 0 : 24 + (2L * value.Length);

    /// <summary>A copy of this record for another input line (a repeated URL): every field the same but <see cref="Url"/>.</summary>
    public FetchResult CopyFor(string url)
    {
        var copy = (FetchResult)MemberwiseClone();
        copy.Url = url;
        return copy;
    }
}
