namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>
/// The AMQP body of a service request (contracts.md section 2). Every member is optional because that is
/// how the wire reads: the Consumer's validation names what is missing; the Api publishes only complete ones.
/// <see cref="Branch"/> is optional: the routing key names the branch, and a branch given here must be the same one.
/// <see cref="Holder"/> is optional: the SHA-256 of the ticket page's token (<c>TicketHolderToken.Hash</c>), set by
/// whoever gave the customer that page (the kiosk route); the Broker keeps it while the ticket is open.
/// </summary>
public sealed record ServiceRequestMessage(
    string? RequestId,
    string? Queue,
    string? Channel,
    CustomerMessage? Customer,
    string? Priority,
    string? PriorityReason,
    DateTimeOffset? RequestedAt,
    string? Notes,
    string? Branch = null,
    string? Holder = null);
