namespace ServiceQueue.AppHost.LocalServers;

/// <summary>A local server could not be started; the message is meant to be shown as it is.</summary>
public sealed class LocalServerException(string message) : Exception(message);
