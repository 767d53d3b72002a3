namespace ServiceQueue.AppHost.Publishing;

/// <summary>An environment variable of a server's image: a plain value, or a key of the Secret.</summary>
internal sealed record ServerEnvironment(string Name, string? Value, string? SecretKey);
