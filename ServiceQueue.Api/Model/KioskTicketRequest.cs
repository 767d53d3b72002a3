namespace ServiceQueue.Api.Model;

/// <summary>The body of <c>POST /kiosk/tickets</c>: the queue, and the name or phone only where the queue asks for them (always optional).</summary>
public sealed record KioskTicketRequest(string? Queue, string? Name, string? Phone);
