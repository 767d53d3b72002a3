using System.Text.Json.Serialization;

namespace ServiceQueue.Consumer.Model;

/// <summary>Source-generated JSON for the AMQP bodies: camelCase, strict about numbers given as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    MaxDepth = 16,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServiceRequestMessage))]
[JsonSerializable(typeof(CustomerPayload))]
[JsonSerializable(typeof(RequestRejectedEvent))]
internal sealed partial class IntakeJsonContext : JsonSerializerContext;
