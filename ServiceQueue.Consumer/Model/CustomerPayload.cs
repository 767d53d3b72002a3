namespace ServiceQueue.Consumer.Model;

/// <summary>
/// What is encrypted into the ticket's customer envelope: the trimmed personal data, and the request's
/// notes, which are free text a customer may fill with anything personal.
/// </summary>
internal sealed record CustomerPayload(string Name, string? Document, string? Phone, string? Email, string? Notes = null);
