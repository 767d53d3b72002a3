using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Messaging;

/// <summary>The AMQP body the Api publishes (contracts.md section 2).</summary>
internal sealed record ServiceRequestMessage(
    string RequestId,
    string Queue,
    string Channel,
    CustomerBody Customer,
    string Priority,
    string? PriorityReason,
    DateTimeOffset RequestedAt,
    string? Notes);
