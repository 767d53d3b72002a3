using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Consumer.Model;
using ServiceQueue.Consumer.Options;
using ServiceQueue.ServiceDefaults.BrokerClient;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Consumer.Grpc;

/// <summary>
/// Encrypts the customer and calls <c>Broker.Enqueue</c> (idempotent by request id: the client retries
/// UNAVAILABLE within <see cref="IntakeOptions.BrokerDeadline"/>), and sorts the outcome: a ticket, a refusal
/// that ends the request (FAILED_PRECONDITION with a known reason, INVALID_ARGUMENT), or a transient failure
/// (anything else: UNAVAILABLE, DEADLINE_EXCEEDED, a lost connection).
/// </summary>
internal sealed class BrokerIntakeClient(QueueBroker.QueueBrokerClient broker, FieldEncryptor encryptor, BlindIndex blindIndex, IOptions<IntakeOptions> options)
{
    public async Task<EnqueueResult> EnqueueAsync(ValidatedRequest request, CancellationToken cancellationToken)
    {
        var enqueue = new EnqueueRequest
        {
            RequestId = request.RequestId,
            Queue = request.Queue,
            Priority = request.Priority,
            PriorityReason = request.PriorityReason,
            Channel = request.Channel,
            Customer = ByteString.CopyFrom(EncryptCustomer(request)),
        };
        if (options.Value.MaxOpenTicketsPerCustomer > 0 && CustomerIndexOf(request.Customer) is { } index)
        {
            enqueue.CustomerIndex = ByteString.CopyFrom(index);
            enqueue.MaxOpenTickets = options.Value.MaxOpenTicketsPerCustomer;
        }

        try
        {
            var response = await broker.EnqueueAsync(enqueue, cancellationToken: cancellationToken);
            return EnqueueResult.Ticket(response.Ticket?.Id ?? string.Empty, response.Existing);
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = BrokerFailure.From(error);
            return failure switch
            {
                // Only reasons that end a request for good are refusals; any other waits for a redelivery.
                { Kind: BrokerFailureKind.Refused, Reason: { } reason } when RejectionReason.FromBroker.Contains(reason) =>
                    EnqueueResult.Refused(new Rejection(reason, failure.Detail)),
                { Kind: BrokerFailureKind.Invalid } =>
                    EnqueueResult.Refused(new Rejection(RejectionReason.InvalidSchema, $"the Broker refused it: {failure.Detail}")),
                _ => EnqueueResult.Transient(error.StatusCode.ToString()),
            };
        }
    }

    /// <summary>The personal data as one AES-256-GCM envelope bound to the request id (associated data), so it cannot be moved to another ticket.</summary>
    private byte[] EncryptCustomer(ValidatedRequest request)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(request.Customer, IntakeJsonContext.Default.CustomerPayload);
        try
        {
            return encryptor.Encrypt(plaintext, Encoding.UTF8.GetBytes(request.RequestId));
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    /// <summary>
    /// Who the customer is, for counting open tickets, without the plaintext: the keyed blind index of
    /// the normalised document, else of the phone; a customer with neither is not counted.
    /// </summary>
    private byte[]? CustomerIndexOf(CustomerPayload customer)
    {
        if (customer.Document is { } document && BlindIndex.Normalize(BlindIndexKind.Document, document).Length > 0)
        {
            return blindIndex.Compute(BlindIndexKind.Document, document);
        }

        return customer.Phone is { } phone && BlindIndex.Normalize(BlindIndexKind.Phone, phone).Length > 0
            ? blindIndex.Compute(BlindIndexKind.Phone, phone)
            : null;
    }
}
