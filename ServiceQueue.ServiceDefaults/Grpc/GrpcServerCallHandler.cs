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
    private const string DeadlineDetail = "Deadline Exceeded";

    private readonly string _path = GrpcProtocol.PathOf(method);

    public async Task HandleAsync(HttpContext httpContext)
    {
        GrpcServerTelemetry.OnStart(method.Service.FullName, method.Name);
        if (!GrpcServerResponse.TryAccept(httpContext))
        {
            GrpcServerTelemetry.OnEnd(StatusCode.Internal);
            return;
        }

        DateTime? deadline = null;
        using var deadlineSource = CreateDeadline(httpContext, ref deadline);
        using var callSource = deadlineSource is null
            ? CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted)
            : CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, deadlineSource.Token);
        var context = new GrpcCallContext(httpContext, _path, deadline, callSource.Token);

        var call = RunAsync(context, deadlineSource);
        if (deadlineSource is not null)
        {
            var deadlineReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = deadlineSource.Token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), deadlineReached);
            if (await Task.WhenAny(call, deadlineReached.Task) != call)
            {
                // Answer at the deadline even if the handler ignores its token, but let the handler
                // finish before the request ends: it may still be using HttpContext and its services.
                await CompleteAsync(context, new Outcome(StatusCode.DeadlineExceeded, DeadlineDetail, null), completeResponse: true);
                await call;
                return;
            }
        }

        await CompleteAsync(context, await call, completeResponse: false);
    }

    /// <summary>Reads the request and runs the handler; never throws, every ending becomes an outcome.</summary>
    private async Task<Outcome> RunAsync(GrpcCallContext context, CancellationTokenSource? deadlineSource)
    {
        var httpContext = context.HttpContext;
        try
        {
            var encoding = httpContext.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
            if (!GrpcProtocol.IsIdentityEncoding(encoding))
            {
                httpContext.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;
                throw new RpcException(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity");
            }

            var request = await ReadSingleRequestAsync(httpContext, options.Value.MaxReceiveMessageSize, context.CancellationToken);
            await invoke(request, context);
            return deadlineSource?.IsCancellationRequested == true
                ? new Outcome(StatusCode.DeadlineExceeded, DeadlineDetail, null)
                : new Outcome(StatusCode.OK, null, null);
        }
        catch (Exception) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            return new Outcome(StatusCode.Cancelled, null, null, ClientGone: true);
        }
        catch (Exception) when (deadlineSource?.IsCancellationRequested == true)
        {
            return new Outcome(StatusCode.DeadlineExceeded, DeadlineDetail, null);
        }
        catch (RpcException ex)
        {
            return new Outcome(ex.StatusCode, ex.Detail, ex.Trailers);
        }
        catch (Exception ex)
        {
            GrpcServerLog.HandlerFailed(logger, _path, ex);
            return new Outcome(StatusCode.Internal, "Exception was thrown by handler.", null);
        }
    }

    /// <summary>Ends the call once: the deadline and the handler's own ending may race to it.</summary>
    private async Task CompleteAsync(GrpcCallContext context, Outcome outcome, bool completeResponse)
    {
        await context.ResponseLock.WaitAsync(CancellationToken.None);
        try
        {
            if (context.ResponseCompleted)
            {
                return;
            }

            context.ResponseCompleted = true;
            GrpcServerTelemetry.OnEnd(outcome.Status);
            if (outcome.ClientGone)
            {
                // The client reset the stream or went away: nobody is left to read a status.
                GrpcServerLog.ClientDisconnected(logger, _path);
                return;
            }

            if (outcome.Status == StatusCode.DeadlineExceeded)
            {
                GrpcServerLog.DeadlineExceeded(logger, _path);
            }
            else if (outcome.Status != StatusCode.OK)
            {
                GrpcServerLog.CallFailed(logger, _path, outcome.Status);
            }

            GrpcServerResponse.WriteStatus(context.HttpContext, context.ResponseStarted, outcome.Status, outcome.Detail, outcome.Trailers);
            if (completeResponse)
            {
                await context.HttpContext.Response.CompleteAsync();
            }
        }
        catch (Exception) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            GrpcServerLog.ClientDisconnected(logger, _path);
        }
        finally
        {
            context.ResponseLock.Release();
        }
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

    private readonly record struct Outcome(StatusCode Status, string? Detail, GrpcMetadata? Trailers, bool ClientGone = false);
}
