namespace ServiceQueue.Api.Messaging;

/// <summary>The plaintext inside a ticket's customer envelope, sealed by the Consumer; only the name is ever shown.</summary>
internal sealed record CustomerEnvelope(string? Name);
