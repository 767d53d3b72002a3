namespace ServiceQueue.Api.Model;

/// <summary>
/// A kiosk ticket: <c>issued</c> with its number, place and estimate, or <c>pending</c> (number null) when the ticket was
/// not there in time; either way the holder token and the ticket page's path, the same for every repeat of the request.
/// </summary>
public sealed record KioskTicketResponse(
    string Status,
    string? Number,
    string Queue,
    string QueueName,
    string Branch,
    int? Position,
    WaitRange? Estimate,
    string Token,
    string TicketPath,
    DateTimeOffset? IssuedAt);
