using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Extensions;

/// <summary>Source-generated JSON for the queue and intake HTTP bodies (the AMQP bodies are the shared <see cref="IntakeJsonContext"/>'s).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QueueDefinitionRequest))]
[JsonSerializable(typeof(QueueResponse))]
[JsonSerializable(typeof(QueueResponse[]))]
[JsonSerializable(typeof(QueueLiveResponse))]
[JsonSerializable(typeof(ServiceRequestBody))]
[JsonSerializable(typeof(ServiceRequestAccepted))]
[JsonSerializable(typeof(ServiceRequestStatus))]
internal sealed partial class IntakeHttpJsonContext : JsonSerializerContext;
