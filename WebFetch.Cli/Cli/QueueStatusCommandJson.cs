using System.Text.Json.Serialization;
using WebFetch.Queue;

namespace WebFetch.Cli;

/// <summary>Source-generated JSON (trim and AOT safe) of what <c>queue status</c> writes when stdout is not a terminal or with <c>--json</c>: one object, snake_case names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(QueueStatus))]
internal sealed partial class QueueStatusCommandJson : JsonSerializerContext;
