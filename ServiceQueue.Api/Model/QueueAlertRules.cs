namespace ServiceQueue.Api.Model;

/// <summary>A queue's alert rules (issue 18) as answered: false or 0 is off; the SLA is the queue's <c>slaSeconds</c>.</summary>
public sealed record QueueAlertRules(bool WaitingPastSla, int WaitingOver, bool NoAttendant, int ServiceOverSeconds);
