namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>
/// What the Consumer encrypts into the ticket's customer envelope (read back by <c>CustomerSeal</c>): the
/// trimmed personal data, and the request's notes, which are free text a customer may fill with anything personal.
/// </summary>
public sealed record CustomerPayload(string Name, string? Document, string? Phone, string? Email, string? Notes = null);
