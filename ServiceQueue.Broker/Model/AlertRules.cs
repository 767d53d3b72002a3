namespace ServiceQueue.Broker.Model;

/// <summary>
/// Which service-level alerts a queue raises (issue 18); false, 0 or zero is off. The SLA itself is the queue's
/// <see cref="QueueDefinition.SlaTarget"/>.
/// </summary>
internal sealed record AlertRules(bool WaitingPastSla, int WaitingOver, bool NoAttendant, TimeSpan ServiceOver)
{
    public static readonly AlertRules None = new(false, 0, false, TimeSpan.Zero);
}
