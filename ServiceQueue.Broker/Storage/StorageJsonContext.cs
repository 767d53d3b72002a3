using System.Text.Json.Serialization;

namespace ServiceQueue.Broker.Storage;

[JsonSerializable(typeof(ScriptReply))]
[JsonSerializable(typeof(EventPageReply))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
