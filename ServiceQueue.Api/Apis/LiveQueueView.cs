using System.Globalization;
using System.Text;
using System.Text.Json;
using ServiceQueue.Api.BrokerClient;
using ServiceQueue.Api.Extensions;
using ServiceQueue.Api.Model;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// The Broker's snapshot as the REST contract shows it. The customer's name and the request's notes are
/// decrypted only for those who serve the queue (<see cref="BranchScope.Serves"/>: Admins, the branch's
/// Supervisors, and Attendants whose profile lists it); everyone else sees the number only. Document, phone and e-mail are never shown here.
/// </summary>
internal static class LiveQueueView
{
    public static QueueSnapshotResponse Unknown(int offset, int limit) => new(false, "0", 0, 0, [], [], [], offset, limit, 0, 0, 0);

    public static QueueSnapshotResponse From(GetQueueResponse snapshot, int limit, FieldEncryptor? encryptor) => new(
        true,
        snapshot.Cursor.ToString(CultureInfo.InvariantCulture),
        snapshot.AttendantsActive,
        TicketText.Seconds(snapshot.AverageServiceTime) ?? 0,
        [.. snapshot.Waiting.Select(w => Ticket(w.Ticket, w.Position, TicketText.Seconds(w.Estimate?.Expected), encryptor))],
        [.. snapshot.Active.Select(t => Ticket(t, null, null, encryptor))],
        [.. snapshot.Parked.Select(t => Ticket(t, null, null, encryptor))],
        snapshot.Offset,
        limit,
        snapshot.WaitingTotal,
        snapshot.ActiveTotal,
        snapshot.ParkedTotal);

    private static LiveTicketResponse Ticket(Ticket ticket, int? position, int? estimate, FieldEncryptor? encryptor)
    {
        var card = encryptor is null ? null : CardOf(ticket, encryptor);
        return new(
            ticket.Id,
            ticket.Number,
            TicketText.State(ticket.State),
            TicketText.Priority(ticket.Priority),
            TicketText.Text(ticket.PriorityReason),
            TicketText.Channel(ticket.Channel),
            position,
            estimate,
            TicketText.Time(ticket.WaitingSince),
            TicketText.Time(ticket.CalledAt),
            TicketText.Text(ticket.Attendant),
            TicketText.Text(ticket.Desk),
            ticket.RecallCount,
            card?.Name,
            card?.Notes);
    }

    // The Consumer seals the customer bound to the request id; an envelope that does not open shows no name rather than failing the view.
    private static CustomerCard? CardOf(Ticket ticket, FieldEncryptor encryptor)
    {
        if (ticket.Customer.IsEmpty)
        {
            return null;
        }

        try
        {
            return CustomerSeal.Open(encryptor, ticket.Customer.Span, ticket.RequestId);
        }
        catch (Exception error) when (error is FieldDecryptionException or JsonException)
        {
            return null;
        }
    }
}
