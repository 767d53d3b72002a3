using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Extensions;

/// <summary>Source-generated JSON for the kiosk bodies; nulls are written (<c>revokedAt: null</c>, <c>number: null</c>) as the contract shows them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(KioskRequest))]
[JsonSerializable(typeof(KioskResponse))]
[JsonSerializable(typeof(KioskResponse[]))]
[JsonSerializable(typeof(KioskSelfResponse))]
[JsonSerializable(typeof(KioskQueueResponse[]))]
[JsonSerializable(typeof(KioskTicketRequest))]
[JsonSerializable(typeof(KioskTicketResponse))]
internal sealed partial class KioskJsonContext : JsonSerializerContext;
