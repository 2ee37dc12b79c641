using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebFetch.Protocol;

/// <summary>
/// Source-generated JSON for every message that crosses a socket or stdout (trim and AOT safe).
/// The worker's settings, handed over in its environment, have their own context in the Worker folder.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FetchRequest))]
[JsonSerializable(typeof(FetchResult))]
internal sealed partial class ProtocolJson : JsonSerializerContext
{
    /// <summary>Compact, non-escaping-for-HTML options shared by all writers.</summary>
    public static ProtocolJson Compact { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
