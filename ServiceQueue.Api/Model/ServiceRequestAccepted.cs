namespace ServiceQueue.Api.Model;

/// <summary>The 202 answer: RabbitMQ holds the request; its fate is at <see cref="Location"/>.</summary>
public sealed record ServiceRequestAccepted(string RequestId, string Status, string Location);
