using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Branches;

namespace ServiceQueue.Consumer.Model;

/// <summary>A request that passed validation and classification, ready to be encrypted and enqueued; <see cref="Branch"/> is always a code (the default branch's too); <see cref="Holder"/> the ticket page token's hash or "".</summary>
internal sealed record ValidatedRequest(
    string RequestId,
    string Queue,
    string Branch,
    Channel Channel,
    PriorityClass Priority,
    string PriorityReason,
    CustomerPayload Customer,
    DateTimeOffset RequestedAt,
    string Holder = "")
{
    public QueueAddress Address => new(Branch, Queue);
}
