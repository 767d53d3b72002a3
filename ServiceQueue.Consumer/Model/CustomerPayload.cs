namespace ServiceQueue.Consumer.Model;

/// <summary>What is encrypted into the ticket's customer envelope: the trimmed personal data.</summary>
internal sealed record CustomerPayload(string Name, string? Document, string? Phone, string? Email);
