using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceQueue.Api.Messaging;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Extensions;

/// <summary>Source-generated JSON for queues and intake: the HTTP bodies and the AMQP messages.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QueueDefinitionRequest))]
[JsonSerializable(typeof(QueueResponse))]
[JsonSerializable(typeof(QueueResponse[]))]
[JsonSerializable(typeof(QueueLiveResponse))]
[JsonSerializable(typeof(ServiceRequestBody))]
[JsonSerializable(typeof(ServiceRequestAccepted))]
[JsonSerializable(typeof(ServiceRequestStatus))]
[JsonSerializable(typeof(ServiceRequestMessage))]
[JsonSerializable(typeof(RequestRejectedEvent))]
internal sealed partial class IntakeJsonContext : JsonSerializerContext;
