namespace ServiceQueue.AppHost.Hosting.Orchestration;

/// <summary>An address a resource listens on, as the dashboard links it.</summary>
public sealed record ResourceEndpoint(string Name, string Url);
