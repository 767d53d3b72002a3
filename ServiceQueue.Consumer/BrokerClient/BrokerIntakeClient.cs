using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Consumer.Model;
using ServiceQueue.Consumer.Options;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Consumer.BrokerClient;

/// <summary>
/// Encrypts each customer and calls <c>Broker.EnqueueBatch</c> (idempotent by request id: the client retries
/// UNAVAILABLE within <see cref="IntakeOptions.BrokerDeadline"/>), and sorts each request's outcome: a ticket, a
/// refusal that ends the request (FAILED_PRECONDITION with a known reason, INVALID_ARGUMENT), or a transient
/// failure (anything else: UNAVAILABLE, DEADLINE_EXCEEDED, a lost connection, for the whole batch).
/// </summary>
internal sealed class BrokerIntakeClient(
    QueueBroker.QueueBrokerClient broker, FieldEncryptor encryptor, BlindIndex blindIndex, IOptions<IntakeOptions> options, IOptions<BranchOptions> branches)
{
    /// <summary>
    /// One <c>EnqueueBatch</c> call for <paramref name="requests"/>: a result per request, in order. A failure of the
    /// whole call (UNAVAILABLE, DEADLINE_EXCEEDED, a lost connection) is a transient failure of every request.
    /// </summary>
    public async Task<IReadOnlyList<EnqueueResult>> EnqueueBatchAsync(IReadOnlyList<ValidatedRequest> requests, CancellationToken cancellationToken)
    {
        var batch = new EnqueueBatchRequest();
        foreach (var request in requests)
        {
            batch.Items.Add(ToEnqueueRequest(request));
        }

        EnqueueBatchResponse response;
        try
        {
            response = await broker.EnqueueBatchAsync(batch, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = error.StatusCode.ToString();
            return requests.Select(_ => EnqueueResult.Transient(failure)).ToList();
        }

        if (response.Results.Count != requests.Count)
        {
            // Not this contract's Broker: nothing is known, so every request waits for another attempt.
            return requests.Select(_ => EnqueueResult.Transient("mismatched_reply")).ToList();
        }

        return response.Results.Select(ToResult).ToList();
    }

    private static EnqueueResult ToResult(EnqueueBatchResult result) => result switch
    {
        { Enqueued: { } enqueued } => EnqueueResult.Ticket(enqueued.Ticket?.Id ?? string.Empty, enqueued.Existing),
        // Only reasons that end a request for good are refusals; any other waits for a redelivery.
        { Error: { Code: (int)StatusCode.FailedPrecondition, Reason: var reason } error } when RejectionReason.FromBroker.Contains(reason) =>
            EnqueueResult.Refused(new Rejection(reason, $"{reason}: {error.Detail}")),
        { Error: { Code: (int)StatusCode.InvalidArgument } error } =>
            EnqueueResult.Refused(new Rejection(RejectionReason.InvalidSchema, $"the Broker refused it: {error.Reason}: {error.Detail}")),
        { Error: { } error } => EnqueueResult.Transient(((StatusCode)error.Code).ToString()),
        _ => EnqueueResult.Transient("empty_result"),
    };

    private EnqueueRequest ToEnqueueRequest(ValidatedRequest request)
    {
        var enqueue = new EnqueueRequest
        {
            RequestId = request.RequestId,
            Queue = request.Queue,
            // The default branch goes as none: the wire of a request from before branches, whatever the Broker's version.
            Branch = request.Branch == branches.Value.Default ? string.Empty : request.Branch,
            Priority = request.Priority,
            PriorityReason = request.PriorityReason,
            Channel = request.Channel,
            Customer = UnsafeByteOperations.UnsafeWrap(EncryptCustomer(request)),
            Holder = request.Holder,
        };
        if (options.Value.MaxOpenTicketsPerCustomer > 0 && CustomerIndexOf(request.Customer) is { } index)
        {
            enqueue.CustomerIndex = UnsafeByteOperations.UnsafeWrap(index);
            enqueue.MaxOpenTickets = options.Value.MaxOpenTicketsPerCustomer;
        }

        return enqueue;
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
