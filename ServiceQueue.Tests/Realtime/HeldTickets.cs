using System.Text;
using System.Text.Json;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.ServiceDefaults.Tickets;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>Tickets with a ticket page, enqueued as the Consumer does for a kiosk: the Broker keeps only the token's hash.</summary>
internal static class HeldTickets
{
    public const string CustomerName = "Maria Example";

    /// <summary>A new ticket in <paramref name="queue"/> and the token of its ticket page.</summary>
    public static async Task<(Ticket Ticket, string Token)> EnqueueHeldAsync(this QueueBroker.QueueBrokerClient broker, string queue, FieldEncryptor encryptor, string? branch = null)
    {
        var token = TicketHolderToken.Create();
        var requestId = Guid.NewGuid().ToString("N");
        var customer = encryptor.Encrypt(JsonSerializer.SerializeToUtf8Bytes(new { name = CustomerName, phone = "+55 11 99999-0000" }), Encoding.UTF8.GetBytes(requestId));
        var response = await broker.EnqueueAsync(
            new EnqueueRequest
            {
                RequestId = requestId,
                Queue = queue,
                Branch = branch ?? string.Empty,
                Channel = Channel.Kiosk,
                Customer = Google.Protobuf.ByteString.CopyFrom(customer),
                Holder = TicketHolderToken.Hash(token),
            },
            deadline: BrokerCalls.Deadline());
        return (response.Ticket, token);
    }
}
