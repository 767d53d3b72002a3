namespace ServiceQueue.Consumer.Model;

/// <summary>The AMQP body as published (contracts.md section 2). Everything is optional here so that validation can name what is missing.</summary>
internal sealed record ServiceRequestMessage(
    string? RequestId,
    string? Queue,
    string? Channel,
    CustomerMessage? Customer,
    string? Priority,
    string? PriorityReason,
    DateTimeOffset? RequestedAt,
    string? Notes);
