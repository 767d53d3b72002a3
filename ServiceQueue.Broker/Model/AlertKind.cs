namespace ServiceQueue.Broker.Model;

/// <summary>The rule an alert follows; the numbers are broker.proto's <c>AlertKind</c>.</summary>
internal enum AlertKind
{
    Unspecified = 0,
    WaitingPastSla = 1,
    WaitingOver = 2,
    NoAttendant = 3,
    ServiceOver = 4,
}
