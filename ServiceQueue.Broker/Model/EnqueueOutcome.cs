namespace ServiceQueue.Broker.Model;

/// <summary>One item of an EnqueueBatch: its ticket, or why it is none (what Enqueue would have thrown for it alone).</summary>
internal sealed record EnqueueOutcome(EnqueueResult? Result, BrokerException? Error)
{
    public static EnqueueOutcome Enqueued(EnqueueResult result) => new(result, null);

    public static EnqueueOutcome Failed(BrokerException error) => new(null, error);
}
