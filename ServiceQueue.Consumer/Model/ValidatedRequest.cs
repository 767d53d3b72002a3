using ServiceQueue.Broker.V1;

namespace ServiceQueue.Consumer.Model;

/// <summary>A request that passed validation and classification, ready to be encrypted and enqueued.</summary>
internal sealed record ValidatedRequest(
    string RequestId,
    string Queue,
    Channel Channel,
    PriorityClass Priority,
    string PriorityReason,
    CustomerPayload Customer,
    DateTimeOffset RequestedAt);
