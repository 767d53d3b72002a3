namespace ServiceQueue.Consumer.Model;

/// <summary>The customer's personal data as published; it never leaves the Consumer unencrypted.</summary>
internal sealed record CustomerMessage(string? Name, string? Document, string? Phone, string? Email);
