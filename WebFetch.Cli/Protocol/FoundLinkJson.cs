using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebFetch.Protocol;

/// <summary>
/// A found link's JSON, written and read by hand: a page holds thousands of links, and the
/// serializer's way with a record's constructor costs the crawl's parent more than the rest
/// of the record. The same JSON as the serializer's (<c>url</c>, <c>kind</c>, <c>tag</c>,
/// <c>line</c>, <c>col</c>, <c>text</c>, then <c>invalid</c> when true and <c>count</c> when more than 1); read in any order,
/// unknown properties skipped; kinds and tags come back as the few strings they are.
/// </summary>
internal sealed class FoundLinkJson : JsonConverter<FoundLink>
{
    private static readonly JsonEncodedText UrlName = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText TagName = JsonEncodedText.Encode("tag");
    private static readonly JsonEncodedText LineName = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText ColName = JsonEncodedText.Encode("col");
    private static readonly JsonEncodedText TextName = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText InvalidName = JsonEncodedText.Encode("invalid");
    private static readonly JsonEncodedText CountName = JsonEncodedText.Encode("count");

    /// <summary>The kinds and tags a worker writes, shared instead of one string per link.</summary>
    private static readonly string[] Known =
    [
        "page", "stylesheet", "image", "script", "media", "object", "font", "sitemap",
        "a@href", "area@href", "link@href", "img@src", "img@srcset", "source@src", "source@srcset",
        "video@src", "video@poster", "audio@src", "track@src", "iframe@src", "frame@src", "embed@src",
        "object@data", "script@src", "input@src", "meta@refresh", "style", "style@url", "css", "sitemap@loc",
    ];

    private static readonly byte[][] KnownUtf8 = [.. Known.Select(System.Text.Encoding.UTF8.GetBytes)];

    public override FoundLink Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a found link is a JSON object");
        }
        string? url = null, kind = null, tag = null, text = null;
        int line = 0, col = 0;
        bool? invalid = null;
        int? count = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(UrlName.EncodedUtf8Bytes))
            {
                reader.Read();
                url = reader.GetString();
            }
            else if (reader.ValueTextEquals(KindName.EncodedUtf8Bytes))
            {
                reader.Read();
                kind = Shared(ref reader);
            }
            else if (reader.ValueTextEquals(TagName.EncodedUtf8Bytes))
            {
                reader.Read();
                tag = Shared(ref reader);
            }
            else if (reader.ValueTextEquals(LineName.EncodedUtf8Bytes))
            {
                reader.Read();
                line = reader.GetInt32();
            }
            else if (reader.ValueTextEquals(ColName.EncodedUtf8Bytes))
            {
                reader.Read();
                col = reader.GetInt32();
            }
            else if (reader.ValueTextEquals(TextName.EncodedUtf8Bytes))
            {
                reader.Read();
                text = reader.GetString();
            }
            else if (reader.ValueTextEquals(InvalidName.EncodedUtf8Bytes))
            {
                reader.Read();
                invalid = reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean();
            }
            else if (reader.ValueTextEquals(CountName.EncodedUtf8Bytes))
            {
                reader.Read();
                count = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();
                if (count < 1)
                {
                    throw new JsonException("a found link's count is at least 1");
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("a found link's object is not closed");
        }
        return new FoundLink(url!, kind!, tag!, line, col, text) { Invalid = invalid, Count = count };
    }

    /// <summary>A kind or tag: one of <see cref="Known"/> when it is one, without a new string.</summary>
    private static string? Shared(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            ReadOnlySpan<byte> value = reader.ValueSpan;
            for (int i = 0; i < KnownUtf8.Length; i++)
            {
                if (value.SequenceEqual(KnownUtf8[i]))
                {
                    return Known[i];
                }
            }
        }
        return reader.GetString();
    }

    public override void Write(Utf8JsonWriter writer, FoundLink value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(UrlName, value.Url);
        writer.WriteString(KindName, value.Kind);
        writer.WriteString(TagName, value.Tag);
        writer.WriteNumber(LineName, value.Line);
        writer.WriteNumber(ColName, value.Col);
        writer.WriteString(TextName, value.Text);
        if (value.Invalid is bool invalid)
        {
            writer.WriteBoolean(InvalidName, invalid);
        }
        if (value.Count is int count)
        {
            writer.WriteNumber(CountName, count);
        }
        writer.WriteEndObject();
    }
}
