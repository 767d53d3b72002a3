namespace ServiceQueue.Broker.Model;

internal sealed record QueueSummary(QueueDefinition Definition, int Waiting, int Active, int Parked);
