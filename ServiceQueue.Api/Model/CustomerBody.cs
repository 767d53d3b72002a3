namespace ServiceQueue.Api.Model;

/// <summary>The customer's personal data: carried to the Consumer, which encrypts it; never stored or logged by the Api.</summary>
public sealed record CustomerBody(string? Name, string? Document, string? Phone, string? Email);
