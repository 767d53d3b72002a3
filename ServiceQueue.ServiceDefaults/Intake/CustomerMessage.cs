namespace ServiceQueue.ServiceDefaults.Intake;

/// <summary>The customer's personal data as published: never logged, and sealed by the Consumer before it goes further.</summary>
public sealed record CustomerMessage(string? Name, string? Document, string? Phone, string? Email);
