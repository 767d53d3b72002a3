using ServiceQueue.Broker.V1;

namespace ServiceQueue.Api.Storage;

/// <summary>The <c>alerts.kind</c> values, one per broker.proto <c>AlertKind</c>.</summary>
internal static class AlertKinds
{
    public const string WaitingPastSla = "waiting_past_sla";
    public const string WaitingOver = "waiting_over";
    public const string NoAttendant = "no_attendant";
    public const string ServiceOver = "service_over";

    public static readonly IReadOnlyList<string> All = [WaitingPastSla, WaitingOver, NoAttendant, ServiceOver];

    public static string Of(AlertKind kind) => kind switch
    {
        AlertKind.WaitingPastSla => WaitingPastSla,
        AlertKind.WaitingOver => WaitingOver,
        AlertKind.NoAttendant => NoAttendant,
        AlertKind.ServiceOver => ServiceOver,
        _ => "unspecified",
    };
}
