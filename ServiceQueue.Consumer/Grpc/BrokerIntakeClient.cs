using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using ServiceQueue.Broker.V1;
using ServiceQueue.Consumer.Model;
using ServiceQueue.Consumer.Options;
using ServiceQueue.ServiceDefaults.Grpc;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Consumer.Grpc;

/// <summary>
/// Encrypts the customer and calls <c>Broker.Enqueue</c> once, with a deadline, and sorts the
/// outcome: a ticket, a refusal that ends the request (FAILED_PRECONDITION with a known reason,
/// INVALID_ARGUMENT), or a transient failure (anything else: UNAVAILABLE, DEADLINE_EXCEEDED, a lost connection).
/// </summary>
internal sealed class BrokerIntakeClient(BrokerChannel broker, FieldEncryptor encryptor, BlindIndex blindIndex, IOptions<IntakeOptions> options)
{
    private static readonly string EnqueueMethod = BrokerChannel.Method("Enqueue");

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
            var response = await broker.Grpc.UnaryAsync<EnqueueRequest, EnqueueResponse>(
                EnqueueMethod,
                enqueue,
                new GrpcCallOptions { Timeout = options.Value.BrokerDeadline, IsIdempotent = true },
                cancellationToken);
            return EnqueueResult.Ticket(response.Ticket?.Id ?? string.Empty, response.Existing);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.FailedPrecondition && ReasonOf(error.Detail) is { } reason)
        {
            return EnqueueResult.Refused(new Rejection(reason, error.Detail));
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.InvalidArgument)
        {
            return EnqueueResult.Refused(new Rejection(RejectionReason.InvalidSchema, $"the Broker refused it: {error.Detail}"));
        }
        catch (RpcException error)
        {
            return EnqueueResult.Transient(error.StatusCode.ToString());
        }
        catch (HttpRequestException error)
        {
            return EnqueueResult.Transient($"connection: {error.HttpRequestError}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return EnqueueResult.Transient("timeout");
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

    // grpc-message is "<reason>: <detail>" (broker.proto); only reasons that end a request for good are refusals.
    private static string? ReasonOf(string detail)
    {
        var colon = detail.IndexOf(':', StringComparison.Ordinal);
        var reason = colon < 0 ? detail : detail[..colon];
        return RejectionReason.FromBroker.Contains(reason) ? reason : null;
    }
}
