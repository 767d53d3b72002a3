namespace ServiceQueue.Broker.Model;

internal sealed record EnqueueCommand(
    string RequestId,
    string Queue,
    PriorityClass Priority,
    string PriorityReason,
    TicketChannel Channel,
    ReadOnlyMemory<byte> Customer,
    ReadOnlyMemory<byte> CustomerIndex = default,
    int MaxOpenTickets = 0,
    string Branch = "",
    string Holder = "");
