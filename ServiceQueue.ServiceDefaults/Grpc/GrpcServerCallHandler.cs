using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ServiceQueue.ServiceDefaults.Grpc;

/// <summary>
/// Runs one call of a unary or server-streaming method: checks the request, reads its single message,
/// applies the deadline, invokes the handler and ends the call with a status.
/// </summary>
internal sealed class GrpcServerCallHandler<TRequest>(
    MethodDescriptor method,
    Func<TRequest, GrpcCallContext, Task> invoke,
    IOptions<GrpcServerOptions> options,
    ILogger logger)
    where TRequest : class, IMessage<TRequest>, new()
{
    private readonly string _path = GrpcProtocol.PathOf(method);

    public async Task HandleAsync(HttpContext httpContext)
    {
        GrpcServerTelemetry.OnStart(method.Service.FullName, method.Name);
        if (!GrpcServerResponse.TryAccept(httpContext))
        {
            GrpcServerTelemetry.OnEnd(StatusCode.Internal);
            return;
        }

        var maxReceiveMessageSize = options.Value.MaxReceiveMessageSize;
        DateTime? deadline = null;
        using var deadlineSource = CreateDeadline(httpContext, ref deadline);
        using var callSource = deadlineSource is null
            ? CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted)
            : CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, deadlineSource.Token);
        var context = new GrpcCallContext(httpContext, _path, deadline, callSource.Token);

        var status = StatusCode.OK;
        string? detail = null;
        GrpcMetadata? trailers = null;
        try
        {
            var encoding = httpContext.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
            if (!GrpcProtocol.IsIdentityEncoding(encoding))
            {
                httpContext.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;
                throw new RpcException(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity");
            }

            var request = await ReadSingleRequestAsync(httpContext, maxReceiveMessageSize, callSource.Token);
            await invoke(request, context);
            if (deadlineSource?.IsCancellationRequested == true)
            {
                (status, detail) = (StatusCode.DeadlineExceeded, "Deadline Exceeded");
            }
        }
        catch (Exception) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client reset the stream or went away: nobody is left to read a status.
            GrpcServerLog.ClientDisconnected(logger, _path);
            GrpcServerTelemetry.OnEnd(StatusCode.Cancelled);
            return;
        }
        catch (Exception) when (deadlineSource?.IsCancellationRequested == true)
        {
            (status, detail) = (StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }
        catch (RpcException ex)
        {
            (status, detail, trailers) = (ex.StatusCode, ex.Detail, ex.Trailers);
        }
        catch (Exception ex)
        {
            GrpcServerLog.HandlerFailed(logger, _path, ex);
            (status, detail) = (StatusCode.Internal, "Exception was thrown by handler.");
        }

        if (status == StatusCode.DeadlineExceeded)
        {
            GrpcServerLog.DeadlineExceeded(logger, _path);
        }
        else if (status != StatusCode.OK)
        {
            GrpcServerLog.CallFailed(logger, _path, status);
        }

        GrpcServerTelemetry.OnEnd(status);
        GrpcServerResponse.WriteStatus(httpContext, context.ResponseStarted, status, detail, trailers);
    }

    private CancellationTokenSource? CreateDeadline(HttpContext httpContext, ref DateTime? deadline)
    {
        var header = httpContext.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (header.Length == 0)
        {
            return null;
        }

        if (!GrpcTimeout.TryParse(header, out var timeout))
        {
            // Like other servers, a malformed timeout is ignored rather than failing the call.
            GrpcServerLog.InvalidTimeoutIgnored(logger, _path);
            return null;
        }

        if (timeout > GrpcTimeout.MaxTimer)
        {
            return null;
        }

        deadline = DateTime.UtcNow + timeout;
        return new CancellationTokenSource(timeout);
    }

    /// <summary>Unary and server-streaming calls carry exactly one request message; other counts are UNIMPLEMENTED (statuscodes.md: cardinality violation).</summary>
    private static async Task<TRequest> ReadSingleRequestAsync(HttpContext httpContext, int maxMessageSize, CancellationToken cancellationToken)
    {
        // Our frame limit replaces Kestrel's 30 MB body limit, which is meant for buffered bodies.
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var reader = httpContext.Request.BodyReader;
        var request = await GrpcFrame.ReadAsync<TRequest>(reader, maxMessageSize, cancellationToken)
            ?? throw new RpcException(StatusCode.Unimplemented, "No request message was received; the method expects exactly one.");
        if (await GrpcFrame.ReadAsync<TRequest>(reader, maxMessageSize, cancellationToken) is not null)
        {
            throw new RpcException(StatusCode.Unimplemented, "More than one request message was received; the method expects exactly one.");
        }

        return request;
    }
}
