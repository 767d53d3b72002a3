using ServiceQueue.Broker.V1;

namespace ServiceQueue.Api.BrokerClient;

/// <summary>The Broker's enums as the REST contract spells them (lower case, snake case).</summary>
internal static class TicketText
{
    public static string State(TicketState state) => state switch
    {
        TicketState.Waiting or TicketState.Transferred => "waiting",
        TicketState.Called => "called",
        TicketState.Serving => "serving",
        TicketState.Completed => "completed",
        TicketState.NoShow => "no_show",
        TicketState.Removed => "removed",
        TicketState.Parked => "parked",
        _ => "pending",
    };

    public static string Priority(PriorityClass priority) => priority == PriorityClass.Priority ? "priority" : "normal";

    public static string Channel(Channel channel, string unspecified = "unspecified") => channel switch
    {
        Broker.V1.Channel.Kiosk => "kiosk",
        Broker.V1.Channel.Web => "web",
        Broker.V1.Channel.Mobile => "mobile",
        Broker.V1.Channel.Partner => "partner",
        Broker.V1.Channel.Staff => "staff",
        _ => unspecified,
    };

    /// <summary>Whole seconds, rounded up, so "0" only ever means no wait.</summary>
    public static int? Seconds(Google.Protobuf.WellKnownTypes.Duration? duration) =>
        duration is null ? null : (int)Math.Ceiling(duration.ToTimeSpan().TotalSeconds);

    public static DateTimeOffset? Time(Google.Protobuf.WellKnownTypes.Timestamp? timestamp) =>
        timestamp is null ? null : timestamp.ToDateTimeOffset();

    public static string? Text(string value) => string.IsNullOrEmpty(value) ? null : value;
}
