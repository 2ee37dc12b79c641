using System.Text.Json.Serialization;

namespace WebFetch.Queue;

/// <summary>Source-generated JSON for the queue's own messages (trim and AOT safe); records use <see cref="Protocol.ProtocolJson"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(RunSpec))]
[JsonSerializable(typeof(AgentBeat))]
internal sealed partial class QueueJson : JsonSerializerContext;
