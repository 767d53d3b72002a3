namespace ServiceQueue.Api.Model;

/// <summary><c>GET /queues/{code}</c>: the stored definition and the Broker's snapshot of the live queue.</summary>
public sealed record QueueLiveResponse(QueueResponse Definition, QueueSnapshotResponse Live);
