namespace ServiceQueue.Api.Model;

/// <summary>
/// The <c>alerts</c> of a queue definition body: raise an alert when a ticket waits past the SLA, when more than
/// <see cref="WaitingOver"/> tickets wait, when tickets wait and no attendant is available for the queue, or when a
/// service runs longer than <see cref="ServiceOverSeconds"/>. Left out, false or 0: that rule is off.
/// </summary>
public sealed record QueueAlertRulesRequest(bool? WaitingPastSla, int? WaitingOver, bool? NoAttendant, int? ServiceOverSeconds);
