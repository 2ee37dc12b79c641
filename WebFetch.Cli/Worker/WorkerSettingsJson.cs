using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebFetch.Worker;

/// <summary>
/// Source-generated JSON for the <see cref="WorkerSettings"/> the parent hands a worker in its
/// environment (trim and AOT safe), and for the <see cref="Fetching.FetchOptions"/> alone, which a
/// request may carry for its run (<see cref="FetchOptionsJson"/>); written with the same options
/// as the wire messages.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WorkerSettings))]
[JsonSerializable(typeof(Fetching.FetchOptions))]
internal sealed partial class WorkerSettingsJson : JsonSerializerContext
{
    /// <summary>Compact, non-escaping-for-HTML options, as <see cref="Protocol.ProtocolJson.Compact"/>.</summary>
    public static WorkerSettingsJson Compact { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
