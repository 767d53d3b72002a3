using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using ServiceQueue.Broker.Events;
using ServiceQueue.Broker.Model;
using V1 = ServiceQueue.Broker.V1;

namespace ServiceQueue.Broker.Grpc;

/// <summary>The wire contract (broker.proto) to and from the model: neither leaks into the other.</summary>
internal static class ProtoMapper
{
    public static QueueDefinition FromProto(V1.QueueDefinition? definition)
    {
        if (definition is null)
        {
            throw new BrokerException(BrokerErrorCode.InvalidArgument, "definition", "definition is required");
        }

        return new QueueDefinition(
            definition.Code,
            definition.Name,
            definition.NumberPrefix,
            definition.Open,
            definition.MaxSize,
            definition.PriorityRun,
            FromProto(definition.MaxWait, "definition.max_wait"),
            FromProto(definition.SlaTarget, "definition.sla_target"),
            definition.RecallLimit,
            FromProto(definition.RecallMinInterval, "definition.recall_min_interval"),
            definition.TimeZone,
            definition.Branch,
            FromProto(definition.Alerts));
    }

    /// <summary>Absent or every rule off: no rules (null), as a definition from before alerts reads.</summary>
    private static AlertRules? FromProto(V1.AlertRules? rules)
    {
        if (rules is null)
        {
            return null;
        }

        var model = new AlertRules(
            rules.WaitingPastSla, rules.WaitingOver, rules.NoAttendant, FromProto(rules.ServiceOver, "definition.alerts.service_over"));
        return model == AlertRules.None ? null : model;
    }

    public static PriorityClass FromProto(V1.PriorityClass priority) => priority switch
    {
        V1.PriorityClass.Normal => PriorityClass.Normal,
        V1.PriorityClass.Priority => PriorityClass.Priority,
        _ => throw new BrokerException(BrokerErrorCode.InvalidArgument, "priority", "priority must be PRIORITY_CLASS_NORMAL or PRIORITY_CLASS_PRIORITY"),
    };

    public static TicketChannel FromProto(V1.Channel channel) =>
        System.Enum.IsDefined(channel)
            ? (TicketChannel)(int)channel
            : throw new BrokerException(BrokerErrorCode.InvalidArgument, "channel", "channel is not a known value");

    public static V1.QueueDefinition ToProto(QueueDefinition definition) => new()
    {
        Code = definition.Code,
        Name = definition.Name,
        NumberPrefix = definition.NumberPrefix,
        Open = definition.Open,
        MaxSize = definition.MaxSize,
        PriorityRun = definition.PriorityRun,
        MaxWait = Duration.FromTimeSpan(definition.MaxWait),
        SlaTarget = Duration.FromTimeSpan(definition.SlaTarget),
        RecallLimit = definition.RecallLimit,
        RecallMinInterval = Duration.FromTimeSpan(definition.RecallMinInterval),
        TimeZone = definition.TimeZone,
        Branch = definition.Branch,
        Alerts = definition.Alerts is { } alerts
            ? new V1.AlertRules
            {
                WaitingPastSla = alerts.WaitingPastSla,
                WaitingOver = alerts.WaitingOver,
                NoAttendant = alerts.NoAttendant,
                ServiceOver = alerts.ServiceOver > TimeSpan.Zero ? Duration.FromTimeSpan(alerts.ServiceOver) : null,
            }
            : null,
    };

    public static V1.QueueAlert ToProto(QueueAlert alert) => new()
    {
        Id = alert.Id,
        Branch = alert.Branch,
        Queue = alert.Queue,
        Kind = (V1.AlertKind)(int)alert.Kind,
        Active = alert.Active,
        RaisedAt = Timestamp.FromDateTimeOffset(alert.RaisedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(alert.UpdatedAt),
        ClearedAt = Optional(alert.ClearedAt),
        Value = alert.Value,
        Threshold = alert.Threshold,
        AcknowledgedAt = Optional(alert.AcknowledgedAt),
        AcknowledgedBy = alert.AcknowledgedBy,
    };

    public static V1.QueueSummary ToProto(QueueSummary summary) => new()
    {
        Definition = ToProto(summary.Definition),
        Waiting = summary.Waiting,
        Active = summary.Active,
        Parked = summary.Parked,
        Estimate = ToProto(summary.Estimate),
        OldestWaitingSince = summary.OldestWaitingSince is { } since ? Timestamp.FromDateTimeOffset(since) : null,
        ServedLastHour = summary.ServedLastHour,
    };

    public static V1.GetQueueResponse ToProto(QueueSnapshot snapshot)
    {
        var response = new V1.GetQueueResponse
        {
            Definition = ToProto(snapshot.Definition),
            Cursor = (ulong)snapshot.Cursor,
            AttendantsActive = snapshot.AttendantsActive,
            AverageServiceTime = Duration.FromTimeSpan(snapshot.AverageServiceTime),
            Offset = snapshot.Offset,
            WaitingTotal = snapshot.WaitingTotal,
            ActiveTotal = snapshot.ActiveTotal,
            ParkedTotal = snapshot.ParkedTotal,
        };
        response.Waiting.AddRange(snapshot.Waiting.Select(w => new V1.WaitingTicket
        {
            Ticket = ToProto(w.Ticket),
            Position = w.Position,
            Estimate = ToProto(w.Estimate),
        }));
        response.Active.AddRange(snapshot.Active.Select(ToProto));
        response.Parked.AddRange(snapshot.Parked.Select(ToProto));
        return response;
    }

    public static V1.WaitEstimate? ToProto(WaitEstimate? estimate) => estimate is null
        ? null
        : new V1.WaitEstimate
        {
            Expected = Duration.FromTimeSpan(estimate.Expected),
            Optimistic = Duration.FromTimeSpan(estimate.Optimistic),
            TicketsAhead = estimate.TicketsAhead,
        };

    public static V1.Ticket ToProto(Ticket ticket) => new()
    {
        Id = ticket.Id,
        RequestId = ticket.RequestId,
        Queue = ticket.Queue,
        Number = ticket.Number,
        Priority = ticket.Priority == PriorityClass.Priority ? V1.PriorityClass.Priority : V1.PriorityClass.Normal,
        PriorityReason = ticket.PriorityReason,
        Channel = (V1.Channel)(int)ticket.Channel,
        State = ToProto(ticket.State),
        Customer = ByteString.CopyFrom(ticket.Customer.Span),
        EnqueuedAt = Timestamp.FromDateTimeOffset(ticket.EnqueuedAt),
        WaitingSince = Timestamp.FromDateTimeOffset(ticket.WaitingSince),
        CalledAt = Optional(ticket.CalledAt),
        LastCalledAt = Optional(ticket.LastCalledAt),
        ServingAt = Optional(ticket.ServingAt),
        EndedAt = Optional(ticket.EndedAt),
        ParkedAt = Optional(ticket.ParkedAt),
        Attendant = ticket.Attendant,
        Desk = ticket.Desk,
        RecallCount = ticket.RecallCount,
        QuotedEstimate = ToProto(ticket.QuotedEstimate),
        Outcome = ticket.Outcome,
        RemovalReason = ticket.RemovalReason,
        TransferredFrom = ticket.TransferredFrom,
        TransferCount = ticket.TransferCount,
        Branch = ticket.Branch,
    };

    public static V1.WatchResponse ToProto(WatchItem item) => item.Event is { } e
        ? new V1.WatchResponse { Event = ToProto(e) }
        : new V1.WatchResponse { Heartbeat = new V1.Heartbeat { Cursor = (ulong)item.Cursor, At = Timestamp.FromDateTimeOffset(item.At) } };

    public static V1.QueueEvent ToProto(BrokerEvent brokerEvent) => new()
    {
        Cursor = (ulong)brokerEvent.Cursor,
        Type = (V1.EventType)((int)brokerEvent.Type + 1),
        Queue = brokerEvent.Queue,
        OccurredAt = Timestamp.FromDateTimeOffset(brokerEvent.OccurredAt),
        Ticket = brokerEvent.Ticket is { } ticket ? ToProto(ticket) : null,
        Definition = brokerEvent.Definition is { } definition ? ToProto(definition) : null,
        TargetQueue = brokerEvent.TargetQueue,
        Position = brokerEvent.Position,
        Actor = brokerEvent.Actor,
        Before = brokerEvent.Before is { } before ? ToProto(before) : null,
        Branch = brokerEvent.Branch,
        Presence = brokerEvent.Presence is { } presence ? ToProto(presence) : null,
        Alert = brokerEvent.Alert is { } alert ? ToProto(alert) : null,
    };

    public static V1.AttendantPresence ToProto(AttendantPresence presence)
    {
        var proto = new V1.AttendantPresence
        {
            Attendant = presence.Attendant,
            Branch = presence.Branch,
            Desk = presence.Desk,
            State = presence.State switch
            {
                PresenceState.Available => V1.PresenceState.Available,
                PresenceState.Paused => V1.PresenceState.Paused,
                PresenceState.SignedOut => V1.PresenceState.SignedOut,
                _ => V1.PresenceState.Unspecified,
            },
            PauseReason = presence.PauseReason,
            Since = Timestamp.FromDateTimeOffset(presence.Since),
            SignedInAt = Timestamp.FromDateTimeOffset(presence.SignedInAt),
            TicketId = presence.TicketId,
        };
        proto.Queues.AddRange(presence.Queues);
        return proto;
    }

    private static V1.TicketState ToProto(TicketState state) => state switch
    {
        TicketState.Waiting => V1.TicketState.Waiting,
        TicketState.Called => V1.TicketState.Called,
        TicketState.Serving => V1.TicketState.Serving,
        TicketState.Completed => V1.TicketState.Completed,
        TicketState.NoShow => V1.TicketState.NoShow,
        TicketState.Removed => V1.TicketState.Removed,
        TicketState.Parked => V1.TicketState.Parked,
        _ => V1.TicketState.Unspecified,
    };

    private static Timestamp? Optional(DateTimeOffset? value) => value is { } at ? Timestamp.FromDateTimeOffset(at) : null;

    private static TimeSpan FromProto(Duration? duration, string field)
    {
        if (duration is null)
        {
            return TimeSpan.Zero;
        }

        if (duration.Seconds < 0 || duration.Nanos < 0 || duration.Seconds > 366L * 86400)
        {
            throw new BrokerException(BrokerErrorCode.InvalidArgument, field, $"{field} must be between 0 and 366 days");
        }

        return duration.ToTimeSpan();
    }
}
