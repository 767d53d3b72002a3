using System.Text;
using System.Text.Json;
using ServiceQueue.Broker.V1;
using ServiceQueue.ServiceDefaults.Security;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Realtime;

/// <summary>The Broker's calls the Realtime tests make in a branch other than the default (BrokerCalls makes them in the default one).</summary>
internal static class BranchCalls
{
    /// <summary>Defines the open queue <paramref name="code"/> in <paramref name="branch"/>; the same code may exist in every branch.</summary>
    public static Task<string> DefineQueueInAsync(this QueueBroker.QueueBrokerClient broker, string branch, string code) =>
        broker.DefineQueueAsync(code, definition =>
        {
            definition.Branch = branch;
            definition.Name = $"Queue {code} of {branch}";
        });

    /// <summary>Enqueues a new request in <paramref name="branch"/>'s <paramref name="queue"/>, its customer sealed as the Consumer seals it.</summary>
    public static async Task<Ticket> EnqueueInAsync(this QueueBroker.QueueBrokerClient broker, string branch, string queue, FieldEncryptor encryptor, string customerName = "Maria Example")
    {
        var requestId = Guid.NewGuid().ToString("N");
        var customer = encryptor.Encrypt(JsonSerializer.SerializeToUtf8Bytes(new { name = customerName }), Encoding.UTF8.GetBytes(requestId));
        var request = new EnqueueRequest
        {
            RequestId = requestId,
            Queue = queue,
            Branch = branch,
            Channel = Channel.Kiosk,
            Customer = Google.Protobuf.ByteString.CopyFrom(customer),
        };
        return (await broker.EnqueueAsync(request, deadline: BrokerCalls.Deadline())).Ticket;
    }

    public static Task<GetQueueResponse> GetQueueInAsync(this QueueBroker.QueueBrokerClient broker, string branch, string queue) =>
        broker.GetQueueAsync(new GetQueueRequest { Code = queue, Branch = branch }, deadline: BrokerCalls.Deadline()).ResponseAsync;
}
