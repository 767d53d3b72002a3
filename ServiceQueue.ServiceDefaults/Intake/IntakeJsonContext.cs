using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>Source-generated JSON for the intake's AMQP bodies and the sealed customer: camelCase, strict about numbers given as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    MaxDepth = 16,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServiceRequestMessage))]
[JsonSerializable(typeof(RequestRejectedEvent))]
[JsonSerializable(typeof(CustomerPayload))]
public sealed partial class IntakeJsonContext : JsonSerializerContext;
