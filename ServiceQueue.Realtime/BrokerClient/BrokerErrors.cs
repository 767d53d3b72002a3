using Microsoft.AspNetCore.SignalR;
using ServiceQueue.ServiceDefaults.BrokerClient;

namespace ServiceQueue.Realtime.BrokerClient;

/// <summary>
/// Turns the Broker's statuses into hub errors a person can act on: <c>"&lt;reason&gt;: &lt;sentence&gt;"</c>,
/// the reason being the Broker's stable code (or the status) for programs. Nothing internal leaks.
/// </summary>
internal static class BrokerErrors
{
    private static readonly Dictionary<string, string> Sentences = new(StringComparer.Ordinal)
    {
        ["unknown_queue"] = "That queue does not exist.",
        ["queue_closed"] = "That queue is closed.",
        ["queue_full"] = "That queue is full.",
        ["attendant_busy"] = "You already hold a ticket: complete it, mark a no-show, park or transfer it first.",
        ["desk_busy"] = "That desk already holds a ticket.",
        ["ticket_not_waiting"] = "That ticket is no longer waiting.",
        ["ticket_not_called"] = "That ticket is not called.",
        ["ticket_not_serving"] = "That ticket is not being served.",
        ["ticket_not_parked"] = "That ticket is not parked.",
        ["ticket_not_waiting_or_called"] = "Only a waiting or called ticket can be parked.",
        ["ticket_not_waiting_called_or_serving"] = "Only a waiting, called or served ticket can be transferred.",
        ["ticket_not_waiting_called_or_parked"] = "Only a waiting, called or parked ticket can be removed.",
        ["not_holder"] = "That ticket is held by another attendant.",
        ["recall_limit_reached"] = "That ticket cannot be recalled again.",
        ["recall_too_soon"] = "That ticket was called a moment ago; wait before recalling it.",
        ["same_queue"] = "The ticket is already in that queue.",
        ["unknown_ticket"] = "That ticket does not exist.",
        ["cross_branch_transfer"] = "A ticket can only be transferred to a queue of its own branch.",
        ["attendant_paused"] = "You are paused: resume before calling.",
        ["not_signed_in"] = "You are not signed in to a desk: sign in first.",
        ["not_paused"] = "You are not paused.",
        ["desk_taken"] = "Another attendant is signed in to that desk.",
        ["unknown_pause_reason"] = "That pause reason is not defined for your branch.",
    };

    public static HubException ToHubException(BrokerFailure failure) => failure.Kind switch
    {
        BrokerFailureKind.Refused or BrokerFailureKind.NotFound => FromReason(failure),
        BrokerFailureKind.Invalid => new HubException($"invalid_argument: {Trimmed(failure.Detail)}"),
        BrokerFailureKind.Unavailable => Unavailable(),
        _ => new HubException("broker_error: The queue service could not do that."),
    };

    public static HubException Unavailable() =>
        new("unavailable: The queue service is not answering; try again in a moment.");

    private static HubException FromReason(BrokerFailure failure)
    {
        var notFound = failure.Kind == BrokerFailureKind.NotFound;
        var reason = failure.Reason ?? (notFound ? "not_found" : "refused");
        var sentence = Sentences.GetValueOrDefault(reason)
            ?? (failure.Reason is not null && failure.Sentence.Length > 0 ? Trimmed(failure.Sentence) : notFound ? "Not found." : "The queue refused that.");
        return new HubException($"{reason}: {sentence}");
    }

    // The Broker's detail is written for people and holds no personal data (broker.proto).
    private static string Trimmed(string detail) => detail.Length > 300 ? detail[..300] : detail;
}
